package dev.bowtie.realtime.dsp;

/**
 * In-place radix-2 FFT of a real sequence of length n (a power of two), with tables built once.
 *
 * <p>Not thread-safe: one instance per thread. {@link #forward} and {@link #inverse} allocate
 * nothing.
 */
public final class RealFft {
  private final int n;
  private final int[] bitReverse;
  private final double[] cos;
  private final double[] sin;

  /**
   * @param n transform length, a power of two of at least 2
   */
  public RealFft(int n) {
    if (n < 2 || Integer.bitCount(n) != 1) {
      throw new IllegalArgumentException("FFT length " + n + " is not a power of two >= 2");
    }
    this.n = n;
    bitReverse = new int[n];
    int bits = Integer.numberOfTrailingZeros(n);
    for (int i = 0; i < n; i++) {
      bitReverse[i] = Integer.reverse(i) >>> (32 - bits);
    }
    cos = new double[n / 2];
    sin = new double[n / 2];
    for (int i = 0; i < n / 2; i++) {
      cos[i] = Math.cos(2 * Math.PI * i / n);
      sin[i] = Math.sin(2 * Math.PI * i / n);
    }
  }

  /** Transform length. */
  public int size() {
    return n;
  }

  /**
   * Forward DFT: {@code X[k] = sum x[t] e^{-2 pi i k t / n}}.
   *
   * @param re on entry the real input; on return the real part of X, all n bins
   * @param im scratch on entry (overwritten); on return the imaginary part of X
   */
  public void forward(double[] re, double[] im) {
    java.util.Arrays.fill(im, 0, n, 0.0);
    transform(re, im, -1);
  }

  /**
   * Inverse DFT of a Hermitian spectrum, scaled by 1/n, so that {@code inverse(forward(x)) == x}.
   *
   * @param re on entry the real part of the spectrum (n bins); on return the real sequence
   * @param im on entry the imaginary part; on return scratch
   */
  public void inverse(double[] re, double[] im) {
    transform(re, im, +1);
    double scale = 1.0 / n;
    for (int i = 0; i < n; i++) {
      re[i] *= scale;
    }
  }

  private void transform(double[] re, double[] im, int sign) {
    for (int i = 0; i < n; i++) {
      int j = bitReverse[i];
      if (j > i) {
        double t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    for (int size = 2; size <= n; size <<= 1) {
      int half = size >> 1;
      int step = n / size;
      for (int start = 0; start < n; start += size) {
        for (int k = 0; k < half; k++) {
          double wr = cos[k * step];
          double wi = sign * sin[k * step];
          int a = start + k;
          int b = a + half;
          double tr = re[b] * wr - im[b] * wi;
          double ti = re[b] * wi + im[b] * wr;
          re[b] = re[a] - tr;
          im[b] = im[a] - ti;
          re[a] += tr;
          im[a] += ti;
        }
      }
    }
  }
}
