package dev.bowtie.realtime.dsp;

/**
 * All-pass frequency warping of cepstra, the recursions behind mel-cepstral analysis: {@link #warp}
 * maps a cepstrum to the warped (mel) domain (SPTK {@code freqt}), and {@link #warpForCorrelation}
 * is the variant that mel-cepstral analysis uses for the autocorrelation of the warped spectrum
 * (SPTK {@code frqtr}).
 *
 * <p>An instance owns its scratch buffers: no allocation per call; one instance per thread.
 */
public final class FrequencyWarp {
  private final double[] g;
  private final double[] d;

  /**
   * @param maxOrder largest output order any call will ask for
   */
  public FrequencyWarp(int maxOrder) {
    g = new double[maxOrder + 1];
    d = new double[maxOrder + 1];
  }

  /**
   * Warps cepstrum {@code c1[0..m1]} with all-pass constant {@code a} into {@code c2[0..m2]}.
   * {@code c1} and {@code c2} may be the same array.
   */
  public void warp(double[] c1, int m1, double[] c2, int m2, double a) {
    double b = 1 - a * a;
    java.util.Arrays.fill(g, 0, m2 + 1, 0.0);
    for (int i = -m1; i <= 0; i++) {
      d[0] = g[0];
      g[0] = c1[-i] + a * d[0];
      if (m2 >= 1) {
        d[1] = g[1];
        g[1] = b * d[0] + a * d[1];
      }
      for (int j = 2; j <= m2; j++) {
        d[j] = g[j];
        g[j] = d[j - 1] + a * (d[j] - g[j - 1]);
      }
    }
    System.arraycopy(g, 0, c2, 0, m2 + 1);
  }

  /**
   * Warps a minimum-phase sequence {@code c1[0..m1]} into {@code c2[0..m2]} as mel-cepstral
   * analysis needs for the warped autocorrelation. {@code c1} and {@code c2} may be the same array.
   */
  public void warpForCorrelation(double[] c1, int m1, double[] c2, int m2, double a) {
    java.util.Arrays.fill(g, 0, m2 + 1, 0.0);
    for (int i = -m1; i <= 0; i++) {
      d[0] = g[0];
      g[0] = c1[-i];
      for (int j = 1; j <= m2; j++) {
        d[j] = g[j];
        g[j] = d[j - 1] + a * (d[j] - g[j - 1]);
      }
    }
    System.arraycopy(g, 0, c2, 0, m2 + 1);
  }
}
