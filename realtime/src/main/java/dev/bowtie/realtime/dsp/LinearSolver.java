package dev.bowtie.realtime.dsp;

/** Gaussian elimination with partial pivoting on a preallocated augmented matrix. */
final class LinearSolver {
  private static final double SINGULAR = 1e-12;

  private LinearSolver() {}

  /**
   * Solves {@code A x = b} where {@code m} holds [A | b] in its first n rows and n + 1 columns. The
   * matrix is destroyed. Allocates nothing.
   *
   * @return false when A is singular to working precision (x is then untouched)
   */
  static boolean solveInPlace(double[][] m, int n, double[] x) {
    for (int col = 0; col < n; col++) {
      int pivot = col;
      double best = Math.abs(m[col][col]);
      for (int row = col + 1; row < n; row++) {
        double v = Math.abs(m[row][col]);
        if (v > best) {
          best = v;
          pivot = row;
        }
      }
      if (!(best > SINGULAR)) {
        return false;
      }
      double[] t = m[pivot];
      m[pivot] = m[col];
      m[col] = t;
      double[] p = m[col];
      for (int row = col + 1; row < n; row++) {
        double[] r = m[row];
        double f = r[col] / p[col];
        if (f != 0.0) {
          for (int k = col; k <= n; k++) {
            r[k] -= f * p[k];
          }
        }
      }
    }
    for (int row = n - 1; row >= 0; row--) {
      double s = m[row][n];
      for (int k = row + 1; k < n; k++) {
        s -= m[row][k] * x[k];
      }
      x[row] = s / m[row][row];
    }
    return true;
  }
}
