package dev.bowtie.realtime.dsp;

/**
 * The analysis window: Blackman, normalised to unit power ({@code sum w^2 = 1}), the defaults of
 * SPTK's {@code window} command, so that mel-cepstral gains (c0) agree with SPTK's.
 */
public final class AnalysisWindow {
  private AnalysisWindow() {}

  /**
   * @param length window length in samples
   * @return a new window of that length
   */
  public static double[] blackman(int length) {
    double[] w = new double[length];
    double power = 0;
    for (int i = 0; i < length; i++) {
      double x = 2 * Math.PI * i / (length - 1);
      w[i] = 0.42 - 0.5 * Math.cos(x) + 0.08 * Math.cos(2 * x);
      power += w[i] * w[i];
    }
    double scale = 1.0 / Math.sqrt(power);
    for (int i = 0; i < length; i++) {
      w[i] *= scale;
    }
    return w;
  }
}
