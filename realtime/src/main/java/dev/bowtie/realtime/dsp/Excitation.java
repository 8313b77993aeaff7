package dev.bowtie.realtime.dsp;

/**
 * The vocoder's source signal: a pulse train at F0 where the hop is voiced, white Gaussian noise
 * where it is not, both of unit power so that the MLSA filter's gain sets the level (SPTK's {@code
 * excite} convention). The pulse phase carries over from hop to hop and the period glides linearly
 * across a hop, so pitch changes make no clicks.
 *
 * <p>Deterministic for a given seed. Not thread-safe; {@link #generate} allocates nothing.
 */
public final class Excitation {
  private final double sampleRateHz;
  private long state;
  private double phase;
  private double previousPeriod;
  private double spareGaussian;
  private boolean hasSpare;

  /**
   * @param sampleRateHz sample rate
   * @param seed seed of the noise generator
   */
  public Excitation(double sampleRateHz, long seed) {
    this.sampleRateHz = sampleRateHz;
    this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
  }

  /**
   * Generates one hop.
   *
   * @param f0Hz F0 at the end of the hop, 0 for unvoiced
   * @param out receives {@code length} samples
   * @param length samples in the hop
   */
  public void generate(double f0Hz, double[] out, int length) {
    if (f0Hz <= 0) {
      for (int i = 0; i < length; i++) {
        out[i] = gaussian();
      }
      previousPeriod = 0;
      return;
    }
    double period = sampleRateHz / f0Hz;
    double start = previousPeriod > 0 ? previousPeriod : period;
    for (int i = 0; i < length; i++) {
      double p = start + (period - start) * (i + 1) / length;
      phase += 1.0 / p;
      if (phase >= 1.0) {
        phase -= 1.0;
        out[i] = Math.sqrt(p);
      } else {
        out[i] = 0.0;
      }
    }
    previousPeriod = period;
  }

  private double gaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spareGaussian;
    }
    double u;
    double v;
    double s;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double m = Math.sqrt(-2 * Math.log(s) / s);
    spareGaussian = v * m;
    hasSpare = true;
    return u * m;
  }

  private double uniform() {
    // xorshift64*: fast, allocation-free and lock-free.
    state ^= state >>> 12;
    state ^= state << 25;
    state ^= state >>> 27;
    return ((state * 0x2545F4914F6CDD1DL) >>> 11) * 0x1.0p-53;
  }
}
