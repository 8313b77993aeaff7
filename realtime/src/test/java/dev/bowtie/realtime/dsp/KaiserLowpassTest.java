package dev.bowtie.realtime.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class KaiserLowpassTest {

  @Test
  void shouldComputeBesselI0LikeTheTables() {
    assertEquals(1.0, KaiserLowpass.besselI0(0), 0);
    assertEquals(1.2660658777520082, KaiserLowpass.besselI0(1), 1e-15);
    assertEquals(27.239871823604442, KaiserLowpass.besselI0(5), 1e-12);
    assertEquals(2815.716628466254, KaiserLowpass.besselI0(10), 1e-9);
  }

  @Test
  void shouldUseKaisersBetaAndLengthFormulas() {
    assertEquals(7.857, KaiserLowpass.beta(80), 1e-3);
    assertEquals(0.5842 * Math.pow(19, 0.4) + 0.07886 * 19, KaiserLowpass.beta(40), 1e-12);
    assertEquals(0, KaiserLowpass.beta(20));
    // (80 - 7.95) / (14.36 * 0.05) = 100.3..., rounded up, plus one.
    assertEquals(102, KaiserLowpass.length(80, 0.05));
  }

  @Test
  void shouldDesignSymmetricTapsWithTheRequestedDcGainAndCutoff() {
    double[] taps = KaiserLowpass.design(101, 0.125, KaiserLowpass.beta(80), 3.0);

    double sum = 0;
    for (int k = 0; k < taps.length; k++) {
      assertEquals(taps[k], taps[taps.length - 1 - k], 1e-15);
      sum += taps[k];
    }
    assertEquals(3.0, sum, 1e-12);
    // A windowed sinc is down 6 dB (half the DC gain) at its cutoff.
    assertEquals(1.5, gainAt(taps, 0.125), 0.01);
    assertEquals(0.0, gainAt(taps, 0.25), 3e-4);
  }

  private static double gainAt(double[] taps, double cyclesPerSample) {
    double re = 0;
    double im = 0;
    for (int k = 0; k < taps.length; k++) {
      re += taps[k] * Math.cos(2 * Math.PI * cyclesPerSample * k);
      im -= taps[k] * Math.sin(2 * Math.PI * cyclesPerSample * k);
    }
    return Math.hypot(re, im);
  }
}
