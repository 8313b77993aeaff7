package dev.bowtie.plugin.latency;

/**
 * Finds where a probe's energy arrives: the short-time RMS envelope of a signal, and the first
 * sample at which it reaches half its local peak. The same rule times the probe as sent and as
 * received, so a loop that returns the probe unchanged gives exactly its delay, whatever its gain.
 *
 * <p>Stateless; runs on the control thread.
 */
final class Onsets {
  /** Envelope window: short against a click's 3 ms, long against one cycle of its tone. */
  private static final double ENVELOPE_SECONDS = 0.0005;

  /** How far after the first crossing of the threshold the peak is looked for. */
  private static final double PEAK_SEARCH_SECONDS = 0.02;

  private Onsets() {}

  /**
   * @return the RMS of the trailing 0.5 ms at each sample of {@code x}
   */
  static float[] envelope(float[] x, int rateHz) {
    int w = Math.max(1, (int) Math.round(ENVELOPE_SECONDS * rateHz));
    float[] env = new float[x.length];
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += (double) x[i] * x[i];
      if (i >= w) {
        sum -= (double) x[i - w] * x[i - w];
      }
      env[i] = (float) Math.sqrt(Math.max(0, sum) / w);
    }
    return env;
  }

  /**
   * @return the first index in [from, to) where {@code env} reaches half of its peak over that
   *     range
   */
  static int halfPeakOnset(float[] env, int from, int to) {
    float peak = 0;
    for (int i = from; i < to; i++) {
      peak = Math.max(peak, env[i]);
    }
    for (int i = from; i < to; i++) {
      if (env[i] >= 0.5f * peak) {
        return i;
      }
    }
    return from;
  }

  /**
   * The onset of the first event in {@code env} between {@code from} and {@code to}: the first
   * sample above {@code threshold}, then the half-peak onset of the 20 ms after it.
   *
   * @return its index, or -1 when nothing crosses the threshold
   */
  static int firstEvent(float[] env, int from, int to, float threshold, int rateHz) {
    int end = Math.min(to, env.length);
    for (int i = Math.max(0, from); i < end; i++) {
      if (env[i] > threshold) {
        int peakEnd = Math.min(env.length, i + (int) Math.round(PEAK_SEARCH_SECONDS * rateHz));
        return halfPeakOnset(env, i, peakEnd);
      }
    }
    return -1;
  }

  /**
   * @return the RMS of {@code env} over [from, to)
   */
  static float rms(float[] env, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) env[i] * env[i];
    }
    return (float) Math.sqrt(sum / Math.max(1, to - from));
  }
}
