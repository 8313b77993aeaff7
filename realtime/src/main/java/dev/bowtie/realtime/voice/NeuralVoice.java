package dev.bowtie.realtime.voice;

import ai.onnxruntime.OrtException;
import dev.bowtie.realtime.model.FrameInference;
import dev.bowtie.realtime.model.Speaker;
import dev.bowtie.realtime.model.VoiceModel;
import dev.bowtie.realtime.model.VoicePackManifest;

/**
 * A voice from a voice pack: per frame, c1..cM are normalised with the pack's mean and standard
 * deviation, encoded to the latent mean, decoded with the target's speaker embedding and
 * denormalised; c0 (the level) is carried through. F0 follows the log-F0 Gaussian of source to
 * target: {@code exp((log f0 - srcMean) / srcStd * tgtStd + tgtMean)}, where the source side is a
 * {@link SpeakerStatistics} running estimate of the person speaking.
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
  private final VoiceTarget target;
  private final FrameInference inference;
  private final SpeakerStatistics source;
  private final float[] mean;
  private final float[] std;
  private final float[] features;
  private final float[] converted;
  private final int order;
  private volatile long modelFaults;

  /**
   * @param model the opened pack
   * @param target the speaker or blend to speak as
   */
  public NeuralVoice(VoiceModel model, VoiceTarget target) {
    VoicePackManifest manifest = model.pack().manifest();
    this.target = target;
    this.order = manifest.settings().order();
    this.mean = manifest.featureMean();
    this.std = manifest.featureStd();
    this.features = new float[order];
    this.converted = new float[order];
    this.source = new SpeakerStatistics(averageLogF0Mean(manifest), averageLogF0Std(manifest));
    this.inference = model.newInference();
    inference.setSpeaker(target.embedding());
  }

  private static double averageLogF0Mean(VoicePackManifest manifest) {
    double sum = 0;
    for (Speaker s : manifest.speakers()) {
      sum += s.logF0Mean();
    }
    return sum / manifest.speakers().size();
  }

  private static double averageLogF0Std(VoicePackManifest manifest) {
    double sum = 0;
    for (Speaker s : manifest.speakers()) {
      sum += s.logF0Std();
    }
    return sum / manifest.speakers().size();
  }

  @Override
  public String name() {
    return target.name();
  }

  /** The speaker or blend this voice speaks as. */
  public VoiceTarget target() {
    return target;
  }

  /** The running estimate of the speaker's log F0. */
  public SpeakerStatistics sourceStatistics() {
    return source;
  }

  /** Frames left dry because the model produced NaN/infinity or failed, since construction. */
  @Override
  public long faults() {
    return modelFaults;
  }

  @Override
  public double convert(double[] melCepstrum, double f0Hz) {
    for (int i = 0; i < order; i++) {
      features[i] = (float) ((melCepstrum[i + 1] - mean[i]) / std[i]);
    }
    try {
      inference.convert(features, converted);
    } catch (OrtException e) {
      modelFaults++;
      return f0Hz;
    }
    for (int i = 0; i < order; i++) {
      if (!Float.isFinite(converted[i])) {
        modelFaults++;
        return f0Hz;
      }
    }
    for (int i = 0; i < order; i++) {
      melCepstrum[i + 1] = (double) converted[i] * std[i] + mean[i];
    }
    if (f0Hz <= 0) {
      return 0.0;
    }
    double logF0 = Math.log(f0Hz);
    source.add(logF0);
    double standardised = (logF0 - source.mean()) / source.std();
    return Math.exp(standardised * target.logF0Std() + target.logF0Mean());
  }

  @Override
  public void close() {
    inference.close();
  }
}
