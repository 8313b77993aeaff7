package dev.bowtie.realtime.pipeline;

/**
 * The last stage before the speakers: replaces NaN and infinity with silence and limits peaks to a
 * hearing-safe ceiling. Attack is instant (the gain is never above {@code ceiling / |x|}, so no
 * sample passes the ceiling), release is exponential, so speech below the ceiling is untouched.
 *
 * <p>Thread rules: one thread at a time; {@link #process} allocates nothing.
 */
public final class OutputGuard {
  /** Bowtie's ceiling: -3 dBFS, leaving headroom for a device's own gain stages. */
  public static final float DEFAULT_CEILING = 0.7079f;

  private final float ceiling;
  private final float releaseCoefficient;
  private float gain = 1f;

  /**
   * @param ceiling largest absolute output sample, in (0, 1]
   * @param sampleRateHz rate of the samples given to {@link #process}
   * @param releaseMillis time for the gain to recover most of the way after a peak
   */
  public OutputGuard(float ceiling, int sampleRateHz, double releaseMillis) {
    if (!(ceiling > 0f && ceiling <= 1f)) {
      throw new IllegalArgumentException("ceiling " + ceiling + " must be in (0, 1]");
    }
    this.ceiling = ceiling;
    this.releaseCoefficient = (float) Math.exp(-1000.0 / (releaseMillis * sampleRateHz));
  }

  /**
   * Guards and limits a block in place.
   *
   * @param samples the block
   * @param count samples to process
   * @return how many non-finite samples were replaced by silence
   */
  public int process(float[] samples, int count) {
    int replaced = 0;
    float g = gain;
    for (int i = 0; i < count; i++) {
      float x = samples[i];
      if (!Float.isFinite(x)) {
        x = 0f;
        replaced++;
      }
      float a = Math.abs(x);
      float recovered = 1f - (1f - g) * releaseCoefficient;
      float limit = a > ceiling ? ceiling / a : 1f;
      g = Math.min(recovered, limit);
      float y = x * g;
      samples[i] = Math.max(-ceiling, Math.min(ceiling, y));
    }
    gain = g;
    return replaced;
  }

  /**
   * @param samples a block
   * @param count samples to check
   * @return true when none is NaN or infinite
   */
  public static boolean allFinite(float[] samples, int count) {
    for (int i = 0; i < count; i++) {
      if (!Float.isFinite(samples[i])) {
        return false;
      }
    }
    return true;
  }
}
