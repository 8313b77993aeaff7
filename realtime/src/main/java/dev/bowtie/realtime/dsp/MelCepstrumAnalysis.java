package dev.bowtie.realtime.dsp;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Mel-cepstral analysis by the unbiased estimation of log spectrum (UELS) with Newton-Raphson
 * iterations: the algorithm of SPTK's {@code mcep}, on the same windowed frames giving the same
 * coefficients.
 *
 * <p>Each Newton step solves a Toeplitz-plus-Hankel system of order M+1; this class solves it by
 * Gaussian elimination with partial pivoting, which gives SPTK's solution to rounding.
 *
 * <p>Speed: every step of an iteration other than the exponential is linear, so the frequency warps
 * and the cosine transforms around them are folded into three matrices at construction. An
 * iteration is then two matrix-vector products and n/2 + 1 exponentials, where SPTK's formulation
 * takes two FFTs and two warping recursions; only the initial periodogram needs an FFT.
 *
 * <p>The three matrices (about 200 kB at Bowtie's settings) depend only on the FFT size, the order
 * and alpha, and are never written after they are made, so every analysis with the same settings
 * shares one set: many streams in one process (a server changing many voices) keep one copy in the
 * caches instead of one per stream.
 *
 * <p>Not thread-safe: one instance per thread; {@link #analyse} allocates nothing.
 */
public final class MelCepstrumAnalysis {
  /** Iterations always run before the end condition is tested (SPTK {@code -i}). */
  public static final int MIN_ITERATIONS = 2;

  /** Iterations after which the estimate is used as it is (SPTK {@code -j}). */
  public static final int MAX_ITERATIONS = 30;

  /** Relative change of the zeroth warped autocorrelation that ends the iteration ({@code -d}). */
  public static final double END_CONDITION = 0.001;

  /**
   * Added to every periodogram bin (SPTK {@code -e}) so that digital silence has a finite log
   * spectrum instead of stopping the analysis.
   */
  public static final double PERIODOGRAM_FLOOR = 1e-8;

  private final int fftSize;
  private final int order;
  private final double alpha;
  private final RealFft fft;

  private static final ConcurrentHashMap<Shape, Tables> SHARED = new ConcurrentHashMap<>();

  /** What the tables depend on. */
  private record Shape(int fftSize, int order, double alpha) {}

  /**
   * The folded linear steps of an iteration; read-only once made.
   *
   * @param initial log periodogram (bins 0..n/2) to the initial mel-cepstrum; this and the next two
   *     by columns
   * @param logSpectrum mel-cepstrum to the log-amplitude spectrum it models (bins 0..n/2)
   * @param correlationOf periodogram-to-model ratio (bins 0..n/2) to the warped autocorrelation
   *     r[0..2M]
   * @param halfCepstrumZero log periodogram (bins 0..n/2) to half the zeroth cepstral coefficient
   */
  private record Tables(
      double[][] initial,
      double[][] logSpectrum,
      double[][] correlationOf,
      double[] halfCepstrumZero) {

    static Tables of(Shape shape) {
      int fftSize = shape.fftSize();
      int order = shape.order();
      double alpha = shape.alpha();
      int half = fftSize / 2;
      double[][] inverseCosine = inverseCosineTransform(fftSize);
      double[][] halveEnds = new double[half + 1][half + 1];
      for (int k = 0; k <= half; k++) {
        halveEnds[k][k] = (k == 0 || k == half) ? 0.5 : 1.0;
      }
      double[] halfC0 = new double[half + 1];
      for (int k = 0; k <= half; k++) {
        halfC0[k] = 0.5 * inverseCosine[0][k];
      }
      return new Tables(
          byColumns(
              FrequencyWarp.matrix(half, order, alpha, false), product(halveEnds, inverseCosine)),
          byColumns(
              forwardCosineTransform(fftSize), FrequencyWarp.matrix(order, half, -alpha, false)),
          byColumns(FrequencyWarp.matrix(half, 2 * order, alpha, true), inverseCosine),
          halfC0);
    }
  }

  private final double[][] initial;
  private final double[][] logSpectrum;
  private final double[][] correlationOf;
  private final double[] halfCepstrumZero;

  private final double[] periodogram;
  private final double[] signal;
  private final double[] re;
  private final double[] im;
  private final double[] correlation;
  private final double[] alphaPowers;
  private final double[] gradient;
  private final double[] hankel;
  private final double[][] system;
  private final double[] step;

  /**
   * @param settings FFT size, order M and alpha are taken from here
   */
  public MelCepstrumAnalysis(AnalysisSettings settings) {
    fftSize = settings.fftSize();
    order = settings.order();
    alpha = settings.alpha();
    fft = new RealFft(fftSize);
    int half = fftSize / 2;
    Tables tables = SHARED.computeIfAbsent(new Shape(fftSize, order, alpha), Tables::of);
    initial = tables.initial();
    logSpectrum = tables.logSpectrum();
    correlationOf = tables.correlationOf();
    halfCepstrumZero = tables.halfCepstrumZero();
    periodogram = new double[half + 1];
    signal = new double[fftSize];
    re = new double[half + 1];
    im = new double[half + 1];
    correlation = new double[2 * order + 1];
    alphaPowers = new double[order + 1];
    alphaPowers[0] = 1.0;
    for (int i = 1; i <= order; i++) {
      alphaPowers[i] = -alpha * alphaPowers[i - 1];
    }
    gradient = new double[order + 1];
    hankel = new double[2 * order + 1];
    system = new double[order + 1][order + 2];
    step = new double[order + 1];
  }

  /**
   * Estimates the mel-cepstrum of one windowed frame.
   *
   * @param frame windowed samples; {@code frameLength} of them are read, the rest of the FFT is
   *     zero-padded
   * @param frameLength samples in the frame, at most the FFT size
   * @param mc receives c0..cM
   * @return true when the end condition was met, false when the iteration limit was reached or a
   *     Newton step was singular (then {@code mc} holds the last finite estimate)
   */
  public boolean analyse(double[] frame, int frameLength, double[] mc) {
    int half = fftSize / 2;
    System.arraycopy(frame, 0, signal, 0, frameLength);
    java.util.Arrays.fill(signal, frameLength, fftSize, 0.0);
    fft.forward(signal, re, im);
    for (int k = 0; k <= half; k++) {
      periodogram[k] = re[k] * re[k] + im[k] * im[k] + PERIODOGRAM_FLOOR;
      re[k] = Math.log(periodogram[k]);
    }
    FrequencyWarp.multiplyColumns(initial, re, mc);
    // SPTK's convergence test starts from c(0) / 2 of the log periodogram's cepstrum.
    double previous = 0.0;
    for (int k = 0; k <= half; k++) {
      previous += halfCepstrumZero[k] * re[k];
    }

    for (int iteration = 1; iteration <= MAX_ITERATIONS; iteration++) {
      FrequencyWarp.multiplyColumns(logSpectrum, mc, re);
      for (int k = 0; k <= half; k++) {
        re[k] = periodogram[k] / Math.exp(re[k] + re[k]);
      }
      FrequencyWarp.multiplyColumns(correlationOf, re, correlation);

      double r0 = correlation[0];
      if (iteration >= MIN_ITERATIONS) {
        if (Math.abs((r0 - previous) / r0) < END_CONDITION) {
          return true;
        }
        previous = r0;
      }
      if (!newtonStep()) {
        return false;
      }
      for (int i = 0; i <= order; i++) {
        mc[i] += step[i];
      }
    }
    return false;
  }

  /**
   * Builds and solves the Newton system (T + H) step = gradient from the warped autocorrelation in
   * r[0..2M].
   */
  private boolean newtonStep() {
    int n = order + 1;
    for (int i = 0; i <= order; i++) {
      gradient[i] = correlation[i] - alphaPowers[i];
    }
    for (int i = 0; i <= 2 * order; i++) {
      hankel[i] = (i % 2 == 0) ? correlation[i] - correlation[0] : correlation[i];
    }
    double r0 = correlation[0];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        int k = Math.abs(i - j);
        double toeplitz = (k == 0) ? 2 * r0 : (k % 2 == 0 ? correlation[k] + r0 : correlation[k]);
        system[i][j] = toeplitz + hankel[i + j];
      }
      system[i][n] = gradient[i];
    }
    return LinearSolver.solveInPlace(system, n, step);
  }

  /**
   * Rows k = 0..n/2 of the real part of the DFT of a sequence that is zero beyond n/2: {@code X[k]
   * = sum_{t=0..n/2} x[t] cos(2 pi k t / n)}.
   */
  private static double[][] forwardCosineTransform(int n) {
    int half = n / 2;
    double[][] c = new double[half + 1][half + 1];
    for (int k = 0; k <= half; k++) {
      for (int t = 0; t <= half; t++) {
        c[k][t] = Math.cos(2 * Math.PI * ((long) k * t % n) / n);
      }
    }
    return c;
  }

  /**
   * Samples t = 0..n/2 of the inverse DFT of a real, even spectrum given by its bins 0..n/2: {@code
   * x[t] = (X[0] + (-1)^t X[n/2] + 2 sum_{k=1..n/2-1} X[k] cos(2 pi k t / n)) / n}.
   */
  private static double[][] inverseCosineTransform(int n) {
    int half = n / 2;
    double[][] c = new double[half + 1][half + 1];
    for (int t = 0; t <= half; t++) {
      for (int k = 0; k <= half; k++) {
        double weight = (k == 0 || k == half) ? 1.0 : 2.0;
        c[t][k] = weight * Math.cos(2 * Math.PI * ((long) k * t % n) / n) / n;
      }
    }
    return c;
  }

  /** The product a b, stored by columns. */
  private static double[][] byColumns(double[][] a, double[][] b) {
    return FrequencyWarp.transpose(product(a, b));
  }

  private static double[][] product(double[][] a, double[][] b) {
    double[][] p = new double[a.length][b[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int k = 0; k < b.length; k++) {
        double v = a[i][k];
        if (v != 0.0) {
          for (int j = 0; j < b[0].length; j++) {
            p[i][j] += v * b[k][j];
          }
        }
      }
    }
    return p;
  }
}
