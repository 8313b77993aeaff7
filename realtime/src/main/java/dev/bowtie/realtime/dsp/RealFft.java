package dev.bowtie.realtime.dsp;

/**
 * FFT of a real sequence of length n (a power of two, at least 4) through one complex FFT of length
 * n/2, with tables built once. Only the bins 0..n/2 are produced and consumed: the rest of a real
 * sequence's spectrum is their mirror image.
 *
 * <p>Not thread-safe: one instance per thread. {@link #forward} and {@link #inverse} allocate
 * nothing.
 */
public final class RealFft {
  private final int n;
  private final int half;
  private final int[] bitReverse;
  private final double[] cos;
  private final double[] sin;
  private final double[] zr;
  private final double[] zi;

  /**
   * @param n transform length, a power of two of at least 4
   */
  public RealFft(int n) {
    if (n < 4 || Integer.bitCount(n) != 1) {
      throw new IllegalArgumentException("FFT length " + n + " is not a power of two >= 4");
    }
    this.n = n;
    half = n / 2;
    bitReverse = new int[half];
    int bits = Integer.numberOfTrailingZeros(half);
    for (int i = 0; i < half; i++) {
      bitReverse[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
    }
    // Twiddles e^{-2 pi i k / n} for k < n/2: the complex FFT of length n/2 uses every other one.
    cos = new double[half];
    sin = new double[half];
    for (int k = 0; k < half; k++) {
      cos[k] = Math.cos(2 * Math.PI * k / n);
      sin[k] = Math.sin(2 * Math.PI * k / n);
    }
    zr = new double[half];
    zi = new double[half];
  }

  /**
   * Forward DFT {@code X[k] = sum_t x[t] e^{-2 pi i k t / n}} for k = 0..n/2.
   *
   * @param x n real samples (not modified)
   * @param re receives Re X[0..n/2]
   * @param im receives Im X[0..n/2]
   */
  public void forward(double[] x, double[] re, double[] im) {
    for (int t = 0; t < half; t++) {
      zr[t] = x[2 * t];
      zi[t] = x[2 * t + 1];
    }
    complexFft(-1);
    for (int k = 0; k <= half; k++) {
      int a = k % half;
      int b = (half - k) % half;
      // Even and odd samples' spectra from the packed transform.
      double er = 0.5 * (zr[a] + zr[b]);
      double ei = 0.5 * (zi[a] - zi[b]);
      double or = 0.5 * (zi[a] + zi[b]);
      double oi = -0.5 * (zr[a] - zr[b]);
      double wr = k < half ? cos[k] : -1.0;
      double wi = k < half ? -sin[k] : 0.0;
      re[k] = er + wr * or - wi * oi;
      im[k] = ei + wr * oi + wi * or;
    }
  }

  /**
   * Inverse DFT of the spectrum of a real sequence, scaled by 1/n, so that {@code inverse} undoes
   * {@link #forward}.
   *
   * @param re Re X[0..n/2] (not modified)
   * @param im Im X[0..n/2] (not modified; Im X[0] and Im X[n/2] are taken as 0)
   * @param x receives the n real samples
   */
  public void inverse(double[] re, double[] im, double[] x) {
    for (int k = 0; k < half; k++) {
      int m = half - k;
      double ar = re[k];
      double ai = k == 0 ? 0.0 : im[k];
      double br = re[m];
      double bi = m == half ? 0.0 : -im[m];
      // Fe = (X[k] + conj X[n/2-k]) / 2, Fo = (X[k] - conj X[n/2-k]) e^{+2 pi i k / n} / 2.
      double er = 0.5 * (ar + br);
      double ei = 0.5 * (ai + bi);
      double dr = 0.5 * (ar - br);
      double di = 0.5 * (ai - bi);
      double or = dr * cos[k] - di * sin[k];
      double oi = dr * sin[k] + di * cos[k];
      zr[k] = er - oi;
      zi[k] = ei + or;
    }
    complexFft(+1);
    double scale = 1.0 / half;
    for (int t = 0; t < half; t++) {
      x[2 * t] = zr[t] * scale;
      x[2 * t + 1] = zi[t] * scale;
    }
  }

  private void complexFft(int sign) {
    for (int i = 0; i < half; i++) {
      int j = bitReverse[i];
      if (j > i) {
        double t = zr[i];
        zr[i] = zr[j];
        zr[j] = t;
        t = zi[i];
        zi[i] = zi[j];
        zi[j] = t;
      }
    }
    for (int size = 2; size <= half; size <<= 1) {
      int span = size >> 1;
      int step = n / size;
      for (int start = 0; start < half; start += size) {
        for (int k = 0; k < span; k++) {
          double wr = cos[k * step];
          double wi = sign * sin[k * step];
          int a = start + k;
          int b = a + span;
          double tr = zr[b] * wr - zi[b] * wi;
          double ti = zr[b] * wi + zi[b] * wr;
          zr[b] = zr[a] - tr;
          zi[b] = zi[a] - ti;
          zr[a] += tr;
          zi[a] += ti;
        }
      }
    }
  }
}
