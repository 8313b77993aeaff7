package dev.bowtie.realtime.streams;

import dev.bowtie.realtime.dsp.SynthesisMode;
import dev.bowtie.realtime.model.VoiceModel;
import dev.bowtie.realtime.pipeline.VoiceEngine;
import dev.bowtie.realtime.voice.NeuralVoice;
import dev.bowtie.realtime.voice.VoiceTarget;
import java.util.List;

/**
 * N streams the unbatched way: one {@link VoiceEngine} with its own {@link NeuralVoice} per stream,
 * so N pairs of model calls (encoder, decoder) per hop, each of one frame. It is what N copies of
 * {@code bowtie live} would run, and the reference {@link BatchedStreamEngine} is measured and
 * checked against.
 *
 * <p>Allocation per hop: nothing of Bowtie's own; ONNX Runtime's binding allocates 952 bytes per
 * stream. Thread rules as {@link StreamEngine}.
 */
public final class SeparateStreamEngine implements StreamEngine {
  private final NeuralVoice[] voices;
  private final VoiceEngine[] engines;

  /**
   * @param model the opened pack; its analysis settings are the engines'
   * @param targets the voice each stream speaks as, one per stream (at least one)
   * @param mode how the excitation is made, for every stream
   */
  public SeparateStreamEngine(VoiceModel model, List<VoiceTarget> targets, SynthesisMode mode) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("an engine needs at least one stream");
    }
    voices = new NeuralVoice[targets.size()];
    engines = new VoiceEngine[targets.size()];
    try {
      for (int s = 0; s < voices.length; s++) {
        voices[s] = new NeuralVoice(model, targets.get(s));
        engines[s] = new VoiceEngine(model.pack().manifest().settings(), voices[s], mode);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public int streams() {
    return engines.length;
  }

  @Override
  public int hopSamples() {
    return engines[0].hopSamples();
  }

  @Override
  public void processHop(float[][] in, float[][] out) {
    for (int s = 0; s < engines.length; s++) {
      engines[s].processHop(in[s], out[s]);
    }
  }

  @Override
  public long modelFaults() {
    long total = 0;
    for (NeuralVoice voice : voices) {
      total += voice.faults();
    }
    return total;
  }

  @Override
  public long faults() {
    long total = 0;
    for (VoiceEngine engine : engines) {
      total += engine.faults();
    }
    return total;
  }

  @Override
  public void close() {
    for (NeuralVoice voice : voices) {
      if (voice != null) {
        voice.close();
      }
    }
  }
}
