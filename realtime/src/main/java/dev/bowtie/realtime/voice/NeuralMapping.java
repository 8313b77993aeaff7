package dev.bowtie.realtime.voice;

import dev.bowtie.realtime.model.Speaker;
import dev.bowtie.realtime.model.VoicePackManifest;

/**
 * One stream's conversion of a frame around a voice pack's model, everything but the model run: on
 * the way in, c1..cM normalised with the pack's mean and standard deviation; on the way out, the
 * model's c1..cM denormalised (c0, the level, carried through) and F0 moved by the log-F0 Gaussian
 * of source to target, {@code exp((log f0 - srcMean) / srcStd * tgtStd + tgtMean)}, where the
 * source side is a {@link SpeakerStatistics} running estimate of the person speaking.
 *
 * <p>A frame the model turns into NaN or infinity, or whose run failed, stays the speaker's own
 * frame (with the speaker's F0, and the running estimate untouched) and is counted in {@link
 * #modelFaults()}.
 *
 * <p>{@link NeuralVoice} runs one around a one-frame inference; {@code BatchedStreamEngine} runs
 * one per stream around one row of a batched inference, so both convert alike.
 *
 * <p>One audio thread at a time for {@link #normalise}, {@link #apply} and {@link #modelFailed}
 * (which allocate nothing); {@link #modelFaults()} may be read from any thread.
 */
public final class NeuralMapping {
  private final VoiceTarget target;
  private final SpeakerStatistics source;
  private final float[] mean;
  private final float[] std;
  private final int order;
  private volatile long modelFaults;

  /**
   * @param manifest the pack's manifest (feature statistics, speakers for the source prior)
   * @param target the speaker or blend to speak as
   */
  public NeuralMapping(VoicePackManifest manifest, VoiceTarget target) {
    this.target = target;
    this.order = manifest.settings().order();
    this.mean = manifest.featureMean();
    this.std = manifest.featureStd();
    double priorMean = 0;
    double priorStd = 0;
    for (Speaker s : manifest.speakers()) {
      priorMean += s.logF0Mean();
      priorStd += s.logF0Std();
    }
    int speakers = manifest.speakers().size();
    this.source = new SpeakerStatistics(priorMean / speakers, priorStd / speakers);
  }

  /** The speaker or blend this mapping aims at. */
  public VoiceTarget target() {
    return target;
  }

  /** The running estimate of the speaker's log F0. */
  public SpeakerStatistics sourceStatistics() {
    return source;
  }

  /** Frames left dry because the model produced NaN/infinity or failed, since construction. */
  public long modelFaults() {
    return modelFaults;
  }

  /**
   * The model's input for a frame.
   *
   * @param melCepstrum c0..cM of the speaker's frame; read only
   * @param features receives normalised c1..cM (M values)
   */
  public void normalise(double[] melCepstrum, float[] features) {
    for (int i = 0; i < order; i++) {
      features[i] = (float) ((melCepstrum[i + 1] - mean[i]) / std[i]);
    }
  }

  /**
   * Takes the model's output for the frame given to {@link #normalise}.
   *
   * @param converted the model's normalised c1..cM (M values)
   * @param melCepstrum c0..cM of the speaker's frame; c1..cM are replaced by the target's unless
   *     {@code converted} holds NaN or infinity
   * @param f0Hz the speaker's F0, 0 when unvoiced
   * @return the target F0 in Hz, 0 when unvoiced; {@code f0Hz} for a frame left dry
   */
  public double apply(float[] converted, double[] melCepstrum, double f0Hz) {
    for (int i = 0; i < order; i++) {
      if (!Float.isFinite(converted[i])) {
        return modelFailed(f0Hz);
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

  /**
   * Leaves the frame dry because the model could not run on it, and counts it.
   *
   * @param f0Hz the speaker's F0
   * @return {@code f0Hz}, the speaker's own F0
   */
  public double modelFailed(double f0Hz) {
    modelFaults++;
    return f0Hz;
  }
}
