package dev.bowtie.realtime.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The MLSA filter's own guarantees: stability under extreme coefficients, exact inverse. */
class MlsaFilterTest {
  private static final int ORDER = 24;
  private static final double ALPHA = 0.42;

  @Test
  void shouldScaleCoefficientsThatWouldMakeTheFilterUnstable() {
    MlsaFilter filter = new MlsaFilter(ORDER, ALPHA, 4, false);
    double[] wild = new double[ORDER + 1];
    Random random = new Random(11);
    double[] in = new double[80];
    double[] out = new double[80];
    double peak = 0;
    for (int hop = 0; hop < 200; hop++) {
      for (int m = 1; m <= ORDER; m++) {
        wild[m] = 6 * random.nextGaussian() / m;
      }
      for (int i = 0; i < in.length; i++) {
        in[i] = random.nextGaussian();
      }
      filter.filterHop(wild, in, out, in.length);
      for (double v : out) {
        assertTrue(Double.isFinite(v));
        peak = Math.max(peak, Math.abs(v));
      }
    }
    assertTrue(filter.stabilisedHops() > 100, "stabilised " + filter.stabilisedHops());
    // exp(6.2) is the largest gain the limit allows; unit-variance noise stays well within it.
    assertTrue(peak < 50 * Math.exp(MlsaFilter.LIMIT_PADE4), "peak " + peak);
  }

  @Test
  void shouldUndoTheForwardFilterExactlyWhileCoefficientsMove() {
    MlsaFilter inverse = new MlsaFilter(ORDER, ALPHA, 5, true);
    MlsaFilter forward = new MlsaFilter(ORDER, ALPHA, 5, false);
    Random random = new Random(5);
    double[] mc = new double[ORDER + 1];
    double[] x = new double[80];
    double[] e = new double[80];
    double[] y = new double[80];
    double worst = 0;
    for (int hop = 0; hop < 500; hop++) {
      for (int m = 0; m <= ORDER; m++) {
        mc[m] = random.nextGaussian() * (m == 0 ? 2 : 0.8 / (m + 1));
      }
      for (int i = 0; i < x.length; i++) {
        x[i] = random.nextGaussian();
      }
      inverse.filterHop(mc, x, e, x.length);
      forward.filterHop(mc, e, y, x.length);
      for (int i = 0; i < x.length; i++) {
        worst = Math.max(worst, Math.abs(y[i] - x[i]));
      }
    }
    assertEquals(0.0, worst, 1e-9);
  }
}
