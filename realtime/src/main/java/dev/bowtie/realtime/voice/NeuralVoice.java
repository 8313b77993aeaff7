package dev.bowtie.realtime.voice;

import ai.onnxruntime.OrtException;
import dev.bowtie.realtime.model.FrameInference;
import dev.bowtie.realtime.model.VoiceModel;

/**
 * A voice from a voice pack, one frame at a time: a {@link NeuralMapping} (normalisation in,
 * denormalisation and the log-F0 Gaussian out, with a running estimate of the person speaking)
 * around one frame through the encoder and the decoder conditioned on the target's speaker
 * embedding.
 *
 * <p>A frame the model turns into NaN or infinity (or that ONNX Runtime fails on) is left as the
 * speaker's own frame and counted in {@link #faults()}: the listener hears the dry voice, never
 * noise.
 *
 * <p>In residual synthesis the engine keeps the speaker's own pitch; the converted F0 is heard in
 * vocoder synthesis only.
 *
 * <p>One audio thread at a time for {@link #convert} (which allocates nothing of Bowtie's own; see
 * {@link FrameInference} for what ONNX Runtime allocates). {@link #faults()} may be read from any
 * thread. Close the voice (idempotent) before its {@link VoiceModel}.
 */
public final class NeuralVoice implements Voice {
  private final NeuralMapping mapping;
  private final FrameInference inference;
  private final float[] features;
  private final float[] converted;

  /**
   * @param model the opened pack
   * @param target the speaker or blend to speak as
   */
  public NeuralVoice(VoiceModel model, VoiceTarget target) {
    this.mapping = new NeuralMapping(model.pack().manifest(), target);
    int order = model.pack().manifest().settings().order();
    this.features = new float[order];
    this.converted = new float[order];
    this.inference = model.newInference();
    inference.setSpeaker(target.embedding());
  }

  @Override
  public String name() {
    return mapping.target().name();
  }

  /** The speaker or blend this voice speaks as. */
  public VoiceTarget target() {
    return mapping.target();
  }

  /** The running estimate of the speaker's log F0. */
  public SpeakerStatistics sourceStatistics() {
    return mapping.sourceStatistics();
  }

  /** Frames left dry because the model produced NaN/infinity or failed, since construction. */
  @Override
  public long faults() {
    return mapping.modelFaults();
  }

  @Override
  public double convert(double[] melCepstrum, double f0Hz) {
    mapping.normalise(melCepstrum, features);
    try {
      inference.convert(features, converted);
    } catch (OrtException e) {
      return mapping.modelFailed(f0Hz);
    }
    return mapping.apply(converted, melCepstrum, f0Hz);
  }

  @Override
  public void close() {
    inference.close();
  }
}
