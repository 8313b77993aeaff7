package dev.bowtie.realtime.streams;

import ai.onnxruntime.OrtException;
import dev.bowtie.realtime.dsp.AnalysisSynthesis;
import dev.bowtie.realtime.dsp.SynthesisMode;
import dev.bowtie.realtime.model.BatchInference;
import dev.bowtie.realtime.model.VoiceModel;
import dev.bowtie.realtime.voice.NeuralMapping;
import dev.bowtie.realtime.voice.VoiceTarget;
import java.util.List;

/**
 * N streams of neural voices with one model run per hop for all of them: every stream's hop is
 * analysed, the N frames go through the encoder in one ONNX Runtime call and through the decoder
 * (each row with its own target's speaker embedding) in a second, and every stream's hop is
 * synthesised from its converted frame. Per stream it does exactly what a {@link
 * dev.bowtie.realtime.pipeline.VoiceEngine} with a {@link dev.bowtie.realtime.voice.NeuralVoice}
 * does (the same {@link AnalysisSynthesis} and {@link NeuralMapping}); only the model calls are
 * shared.
 *
 * <p>A hop on which ONNX Runtime fails leaves every stream's frame dry and counts it per stream; a
 * stream whose row comes back NaN or infinite is left dry alone.
 *
 * <p>Allocation per hop: nothing of Bowtie's own; ONNX Runtime's binding allocates the same 952
 * bytes for the two calls whatever N (see {@link BatchInference}). Thread rules as {@link
 * StreamEngine}.
 */
public final class BatchedStreamEngine implements StreamEngine {
  private final AnalysisSynthesis[] dsp;
  private final NeuralMapping[] mappings;
  private final BatchInference inference;
  private final float[] features;
  private final float[] converted;

  /**
   * @param model the opened pack; its analysis settings are the engine's
   * @param targets the voice each stream speaks as, one per stream (at least one)
   * @param mode how the excitation is made, for every stream
   */
  public BatchedStreamEngine(VoiceModel model, List<VoiceTarget> targets, SynthesisMode mode) {
    var manifest = model.pack().manifest();
    int streams = targets.size();
    dsp = new AnalysisSynthesis[streams];
    mappings = new NeuralMapping[streams];
    for (int s = 0; s < streams; s++) {
      dsp[s] = new AnalysisSynthesis(manifest.settings(), mode);
      mappings[s] = new NeuralMapping(manifest, targets.get(s));
    }
    features = new float[manifest.settings().order()];
    converted = new float[manifest.settings().order()];
    inference = model.newBatchInference(streams);
    try {
      for (int s = 0; s < streams; s++) {
        inference.setSpeaker(s, targets.get(s).embedding());
      }
    } catch (RuntimeException e) {
      inference.close();
      throw e;
    }
  }

  @Override
  public int streams() {
    return dsp.length;
  }

  @Override
  public int hopSamples() {
    return dsp[0].hopSamples();
  }

  @Override
  public void processHop(float[][] in, float[][] out) {
    for (int s = 0; s < dsp.length; s++) {
      dsp[s].analyse(in[s]);
      mappings[s].normalise(dsp[s].frame(), features);
      inference.setFeatures(s, features);
    }
    boolean ran;
    try {
      inference.run();
      ran = true;
    } catch (OrtException e) {
      ran = false;
    }
    for (int s = 0; s < dsp.length; s++) {
      double f0;
      if (ran) {
        inference.converted(s, converted);
        f0 = mappings[s].apply(converted, dsp[s].frame(), dsp[s].f0Hz());
      } else {
        f0 = mappings[s].modelFailed(dsp[s].f0Hz());
      }
      dsp[s].synthesise(f0, out[s]);
    }
  }

  @Override
  public long modelFaults() {
    long total = 0;
    for (NeuralMapping mapping : mappings) {
      total += mapping.modelFaults();
    }
    return total;
  }

  @Override
  public long faults() {
    long total = modelFaults();
    for (AnalysisSynthesis stream : dsp) {
      total += stream.faults();
    }
    return total;
  }

  @Override
  public void close() {
    inference.close();
  }
}
