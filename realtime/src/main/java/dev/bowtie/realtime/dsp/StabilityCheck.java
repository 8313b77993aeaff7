package dev.bowtie.realtime.dsp;

/**
 * Keeps a mel-cepstrum inside the range where the MLSA filter stays stable, as SPTK's {@code
 * mlsacheck -r 1} judges it: the log-amplitude response with the gain removed, {@code F(w) = (c0 -
 * K) + sum_{m=1..M} c_m e^{-jmw}} where {@code K = sum_m c_m (-alpha)^m} is the filter gain, is
 * evaluated on a grid of warped frequencies; when its largest magnitude exceeds the limit, the
 * response is scaled by limit / maximum. The gain K is unchanged by the scaling.
 *
 * <p>Not thread-safe; allocates nothing after construction.
 */
final class StabilityCheck {
  private static final int GRID = 128;
  private final int order;
  private final double[] alphaPowers;
  private final double[][] cos;
  private final double[][] sin;

  StabilityCheck(int order, double alpha) {
    this.order = order;
    alphaPowers = new double[order + 1];
    alphaPowers[0] = 1.0;
    for (int m = 1; m <= order; m++) {
      alphaPowers[m] = -alpha * alphaPowers[m - 1];
    }
    cos = new double[GRID + 1][order + 1];
    sin = new double[GRID + 1][order + 1];
    for (int k = 0; k <= GRID; k++) {
      double w = Math.PI * k / GRID;
      for (int m = 1; m <= order; m++) {
        cos[k][m] = Math.cos(m * w);
        sin[k][m] = Math.sin(m * w);
      }
    }
  }

  /**
   * Scales the response of {@code mc} in place when needed.
   *
   * @param mc c0..cM
   * @param limit largest magnitude allowed, in nepers
   * @return true when the coefficients were scaled
   */
  boolean limit(double[] mc, double limit) {
    double gain = 0.0;
    for (int m = 0; m <= order; m++) {
      gain += mc[m] * alphaPowers[m];
    }
    double offset = mc[0] - gain;
    double max = 0.0;
    for (int k = 0; k <= GRID; k++) {
      double re = offset;
      double im = 0.0;
      double[] c = cos[k];
      double[] s = sin[k];
      for (int m = 1; m <= order; m++) {
        re += mc[m] * c[m];
        im -= mc[m] * s[m];
      }
      max = Math.max(max, re * re + im * im);
    }
    max = Math.sqrt(max);
    if (max <= limit) {
      return false;
    }
    double scale = limit / max;
    mc[0] = gain + scale * offset;
    for (int m = 1; m <= order; m++) {
      mc[m] *= scale;
    }
    return true;
  }
}
