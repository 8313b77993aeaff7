package dev.bowtie.realtime.dsp;

/**
 * Mel-cepstral analysis by the unbiased estimation of log spectrum (UELS) with Newton-Raphson
 * iterations: the algorithm of SPTK's {@code mcep}, on the same windowed frames giving the same
 * coefficients.
 *
 * <p>Each Newton step solves a Toeplitz-plus-Hankel system of order M+1; this class solves it by
 * Gaussian elimination with partial pivoting, which gives SPTK's solution to rounding.
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
  private final FrequencyWarp warp;
  private final double[] periodogram;
  private final double[] re;
  private final double[] im;
  private final double[] alphaPowers;
  private final double[] gradient;
  private final double[] hankel;
  private final double[][] system;
  private final double[] step;
  private int lastIterations;

  /**
   * @param settings FFT size, order M and alpha are taken from here
   */
  public MelCepstrumAnalysis(AnalysisSettings settings) {
    fftSize = settings.fftSize();
    order = settings.order();
    alpha = settings.alpha();
    fft = new RealFft(fftSize);
    warp = new FrequencyWarp(Math.max(fftSize / 2, 2 * order));
    periodogram = new double[fftSize];
    re = new double[fftSize];
    im = new double[fftSize];
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
    System.arraycopy(frame, 0, re, 0, frameLength);
    java.util.Arrays.fill(re, frameLength, fftSize, 0.0);
    fft.forward(re, im);
    for (int i = 0; i < fftSize; i++) {
      periodogram[i] = re[i] * re[i] + im[i] * im[i] + PERIODOGRAM_FLOOR;
      re[i] = Math.log(periodogram[i]);
    }
    // Initial value: the warped cepstrum of the log periodogram (a real, even spectrum).
    java.util.Arrays.fill(im, 0.0);
    fft.inverse(re, im);
    re[0] /= 2.0;
    re[half] /= 2.0;
    warp.warp(re, half, mc, order, alpha);
    double previous = re[0];

    for (int iteration = 1; iteration <= MAX_ITERATIONS; iteration++) {
      lastIterations = iteration;
      java.util.Arrays.fill(re, 0.0);
      warp.warp(mc, order, re, half, -alpha);
      fft.forward(re, im);
      for (int i = 0; i < fftSize; i++) {
        re[i] = periodogram[i] / Math.exp(re[i] + re[i]);
        im[i] = 0.0;
      }
      fft.inverse(re, im);
      warp.warpForCorrelation(re, half, re, 2 * order, alpha);

      double r0 = re[0];
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

  /** Iterations the last call to {@link #analyse} ran. */
  public int lastIterations() {
    return lastIterations;
  }

  /**
   * Builds and solves the Newton system (T + H) step = gradient from the warped autocorrelation in
   * {@code re[0..2M]}.
   */
  private boolean newtonStep() {
    int n = order + 1;
    for (int i = 0; i <= order; i++) {
      gradient[i] = re[i] - alphaPowers[i];
    }
    for (int i = 0; i <= 2 * order; i++) {
      hankel[i] = (i % 2 == 0) ? re[i] - re[0] : re[i];
    }
    double r0 = re[0];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        int k = Math.abs(i - j);
        double toeplitz = (k == 0) ? 2 * r0 : (k % 2 == 0 ? re[k] + r0 : re[k]);
        system[i][j] = toeplitz + hankel[i + j];
      }
      system[i][n] = gradient[i];
    }
    return LinearSolver.solveInPlace(system, n, step);
  }
}
