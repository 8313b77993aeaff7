package dev.bowtie.realtime.testing;

import java.util.Arrays;

/** Test signals and the measurements the tests assert on. */
public final class Signals {
  private Signals() {}

  /** {@code amplitude * sin(2 pi f (n - delay) / rate)} for {@code n} in 0..length-1. */
  public static float[] sine(
      int length, double frequencyHz, int rateHz, double amplitude, double delaySamples) {
    float[] x = new float[length];
    for (int n = 0; n < length; n++) {
      x[n] =
          (float) (amplitude * Math.sin(2 * Math.PI * frequencyHz * (n - delaySamples) / rateHz));
    }
    return x;
  }

  /**
   * Amplitude of the sinusoid at {@code frequencyHz} in {@code x[from..to)}, by a least-squares fit
   * of a sine and a cosine (exact for a pure tone, whatever the number of cycles).
   */
  public static double toneAmplitude(float[] x, int from, int to, double frequencyHz, int rateHz) {
    double ss = 0;
    double cc = 0;
    double sc = 0;
    double xs = 0;
    double xc = 0;
    for (int n = from; n < to; n++) {
      double w = 2 * Math.PI * frequencyHz * n / rateHz;
      double s = Math.sin(w);
      double c = Math.cos(w);
      ss += s * s;
      cc += c * c;
      sc += s * c;
      xs += x[n] * s;
      xc += x[n] * c;
    }
    double det = ss * cc - sc * sc;
    double a = (xs * cc - xc * sc) / det;
    double b = (xc * ss - xs * sc) / det;
    return Math.hypot(a, b);
  }

  /** Root mean square of {@code x[from..to)}. */
  public static double rms(float[] x, int from, int to) {
    double sum = 0;
    for (int n = from; n < to; n++) {
      sum += (double) x[n] * x[n];
    }
    return Math.sqrt(sum / (to - from));
  }

  /** Signal-to-noise ratio in dB of {@code actual} against {@code reference} over [from, to). */
  public static double snrDb(float[] reference, float[] actual, int from, int to) {
    double signal = 0;
    double noise = 0;
    for (int n = from; n < to; n++) {
      signal += (double) reference[n] * reference[n];
      double e = (double) actual[n] - reference[n];
      noise += e * e;
    }
    return 10 * Math.log10(signal / noise);
  }

  /** {@code 20 log10(ratio)}. */
  public static double db(double ratio) {
    return 20 * Math.log10(ratio);
  }

  /**
   * Mel-cepstral distortion in dB between two frames over c1..cM (c0, the level, excluded): {@code
   * 10 / ln 10 * sqrt(2 * sum (a_m - b_m)^2)}.
   *
   * @param a c0..cM of one frame
   * @param b c0..cM of the other, as long as {@code a}
   */
  public static double melCepstralDistortionDb(double[] a, double[] b) {
    double d = 0;
    for (int m = 1; m < a.length; m++) {
      d += (a[m] - b[m]) * (a[m] - b[m]);
    }
    return 10 / Math.log(10) * Math.sqrt(2 * d);
  }

  /** Median of the voiced (positive) values of an F0 track in Hz; NaN if none is voiced. */
  public static double voicedMedianHz(double[] f0Hz) {
    double[] voiced = Arrays.stream(f0Hz).filter(v -> v > 0).sorted().toArray();
    return voiced.length == 0 ? Double.NaN : voiced[voiced.length / 2];
  }

  /** {@code x} as floats. */
  public static float[] toFloats(double[] x) {
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      f[i] = (float) x[i];
    }
    return f;
  }
}
