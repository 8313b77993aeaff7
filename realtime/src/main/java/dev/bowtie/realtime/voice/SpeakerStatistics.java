package dev.bowtie.realtime.voice;

/**
 * A running estimate of the live speaker's log-F0 mean and standard deviation, which the log-F0
 * Gaussian conversion needs for its source side.
 *
 * <p>Why running, not the pack's statistics: the person at the microphone is not one of the pack's
 * speakers, and a pack-wide average would map a low voice and a high voice to the same place
 * wrongly. The estimate starts at a prior (the pack's average speaker) weighted as {@link
 * #PRIOR_FRAMES} voiced frames, so the first syllables are converted sensibly, then follows the
 * speaker: the weight of each new voiced frame is {@code 1 / (PRIOR_FRAMES + n)} until it reaches
 * {@code 1 / WINDOW_FRAMES}, after which it is an exponential average over about {@link
 * #WINDOW_FRAMES} voiced frames (10 s of voicing), slow enough that intonation within a sentence is
 * kept. File conversion runs the same estimate, so {@code convert} and {@code live} agree.
 *
 * <p>One audio thread; {@link #add} allocates nothing.
 */
public final class SpeakerStatistics {
  /** How many voiced frames the prior counts as (0.5 s of voicing at 5 ms hops). */
  public static final int PRIOR_FRAMES = 100;

  /** Voiced frames the long-run average spans. */
  public static final int WINDOW_FRAMES = 2000;

  /** The smallest standard deviation used, so a monotone start cannot blow up the mapping. */
  public static final double MIN_STD = 0.03;

  private final double priorMean;
  private final double priorVariance;
  private double mean;
  private double variance;
  private long frames;

  /**
   * @param priorLogF0Mean log-F0 mean assumed before the speaker is heard
   * @param priorLogF0Std log-F0 standard deviation assumed before the speaker is heard
   */
  public SpeakerStatistics(double priorLogF0Mean, double priorLogF0Std) {
    this.priorMean = priorLogF0Mean;
    this.priorVariance = priorLogF0Std * priorLogF0Std;
    reset();
  }

  /** Adds one voiced frame's log F0. */
  public void add(double logF0) {
    frames++;
    double weight = Math.max(1.0 / (PRIOR_FRAMES + frames), 1.0 / WINDOW_FRAMES);
    double delta = logF0 - mean;
    mean += weight * delta;
    variance = (1 - weight) * (variance + weight * delta * delta);
  }

  /** Current log-F0 mean. */
  public double mean() {
    return mean;
  }

  /** Current log-F0 standard deviation, at least {@link #MIN_STD}. */
  public double std() {
    return Math.max(Math.sqrt(variance), MIN_STD);
  }

  /** Voiced frames heard since the last reset. */
  public long frames() {
    return frames;
  }

  /** Forgets the speaker: back to the prior. */
  public void reset() {
    mean = priorMean;
    variance = priorVariance;
    frames = 0;
  }
}
