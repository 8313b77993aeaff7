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

  /**
   * The warp as a matrix, for when the same warp is applied many times: both recursions are linear,
   * and a matrix-vector product has no chain of dependent operations.
   *
   * @param m1 input order
   * @param m2 output order
   * @param a all-pass constant
   * @param forCorrelation true for {@link #warpForCorrelation}, false for {@link #warp}
   * @return W with {@code c2 = W c1}: m2 + 1 rows, m1 + 1 columns
   */
  public static double[][] matrix(int m1, int m2, double a, boolean forCorrelation) {
    FrequencyWarp warp = new FrequencyWarp(m2);
    double[][] w = new double[m2 + 1][m1 + 1];
    double[] unit = new double[m1 + 1];
    double[] column = new double[m2 + 1];
    for (int j = 0; j <= m1; j++) {
      unit[j] = 1.0;
      if (forCorrelation) {
        warp.warpForCorrelation(unit, m1, column, m2, a);
      } else {
        warp.warp(unit, m1, column, m2, a);
      }
      unit[j] = 0.0;
      for (int i = 0; i <= m2; i++) {
        w[i][j] = column[i];
      }
    }
    return w;
  }

  /**
   * {@code y = W x} for a matrix stored by columns ({@code columns[j]} is column j), allocation-
   * free. Accumulating column by column keeps the inner loop free of a dependency chain, so the JIT
   * compiles it to vector instructions.
   */
  static void multiplyColumns(double[][] columns, double[] x, double[] y) {
    int rows = columns[0].length;
    java.util.Arrays.fill(y, 0, rows, 0.0);
    for (int j = 0; j < columns.length; j++) {
      double xj = x[j];
      double[] column = columns[j];
      for (int i = 0; i < rows; i++) {
        y[i] += xj * column[i];
      }
    }
  }

  /** The transpose of a matrix, e.g. to store it by columns for {@link #multiplyColumns}. */
  static double[][] transpose(double[][] w) {
    double[][] t = new double[w[0].length][w.length];
    for (int i = 0; i < w.length; i++) {
      for (int j = 0; j < w[0].length; j++) {
        t[j][i] = w[i][j];
      }
    }
    return t;
  }
}
