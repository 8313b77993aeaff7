package dev.bowtie.realtime.dsp;

/**
 * Designs linear-phase low-pass FIR filters as a windowed sinc with a Kaiser window, sized by
 * Kaiser's formulas from the stopband attenuation and the transition width.
 *
 * <p>Frequencies are in cycles per sample of the rate the filter runs at (0.5 = Nyquist). Stateless
 * and thread-safe.
 */
public final class KaiserLowpass {
  private KaiserLowpass() {}

  /**
   * Kaiser's window shape parameter for a stopband attenuation.
   *
   * @param stopbandDb attenuation in dB, positive
   */
  public static double beta(double stopbandDb) {
    if (stopbandDb > 50) {
      return 0.1102 * (stopbandDb - 8.7);
    }
    if (stopbandDb >= 21) {
      return 0.5842 * Math.pow(stopbandDb - 21, 0.4) + 0.07886 * (stopbandDb - 21);
    }
    return 0;
  }

  /**
   * Kaiser's estimate of the number of taps that reach an attenuation over a transition width.
   *
   * @param stopbandDb attenuation in dB, positive
   * @param transitionWidth from passband edge to stopband edge, in cycles per sample
   */
  public static int length(double stopbandDb, double transitionWidth) {
    return (int) Math.ceil((stopbandDb - 7.95) / (14.36 * transitionWidth)) + 1;
  }

  /**
   * The filter taps, symmetric around {@code (length - 1) / 2}, scaled so they sum to {@code gain}
   * (the gain at DC).
   *
   * @param length number of taps
   * @param cutoff the -6 dB point (middle of the transition band), in cycles per sample
   * @param beta Kaiser window shape
   * @param gain gain at DC
   */
  public static double[] design(int length, double cutoff, double beta, double gain) {
    double[] taps = new double[length];
    double centre = (length - 1) / 2.0;
    double windowNorm = besselI0(beta);
    double sum = 0;
    for (int k = 0; k < length; k++) {
      double t = k - centre;
      double x = 2 * cutoff * t;
      double sinc = t == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      double r = centre == 0 ? 0 : t / centre;
      double window = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / windowNorm;
      taps[k] = 2 * cutoff * sinc * window;
      sum += taps[k];
    }
    for (int k = 0; k < length; k++) {
      taps[k] *= gain / sum;
    }
    return taps;
  }

  /** The zeroth-order modified Bessel function of the first kind, by its power series. */
  public static double besselI0(double x) {
    double term = 1;
    double sum = 1;
    double halfX = x / 2;
    for (int k = 1; k < 200 && term > 1e-17 * sum; k++) {
      term *= (halfX / k) * (halfX / k);
      sum += term;
    }
    return sum;
  }
}
