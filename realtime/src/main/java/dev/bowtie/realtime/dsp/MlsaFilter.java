package dev.bowtie.realtime.dsp;

/**
 * The mel-log spectrum approximation (MLSA) filter: synthesises speech from an excitation and
 * mel-cepstra, as SPTK's {@code mlsadf}, with the exponential approximated by a Padé approximant of
 * order 4 or 5 in a two-stage structure.
 *
 * <p>Coefficients change once per hop and are interpolated linearly, sample by sample, from the
 * previous hop's to the new ones ({@link #filterHop}); the very first hop starts at its own
 * coefficients. The same class runs as the exact inverse filter, which turns speech into its
 * residual: given the same coefficients, the forward filter turns that residual back into the
 * speech to rounding, even while the coefficients move (the inverse solves the forward filter's
 * recursion for its input, sample by sample, instead of negating the coefficients).
 *
 * <p>Before use, every coefficient set passes a stability check: where the log-amplitude response
 * (gain excluded) exceeds what the Padé approximant holds accurately, c1..cM are scaled down and
 * {@link #stabilisedHops()} counts it.
 *
 * <p>Not thread-safe; {@link #filterHop} allocates nothing.
 */
public final class MlsaFilter {
  // Padé approximant coefficients of exp(w) for orders 4 and 5 (SPTK's values).
  private static final double[] PADE4 = {1.0, 0.4999273, 0.1067005, 0.01170221, 0.0005656279};
  private static final double[] PADE5 = {
    1.0, 0.4999391, 0.1107098, 0.01369984, 0.0009564853, 0.00003041721
  };

  /**
   * Largest log-amplitude (nepers, gain excluded) for which the filter stays stable: SPTK's {@code
   * mlsacheck -r 1} thresholds for Padé orders 4 and 5.
   */
  static final double LIMIT_PADE4 = 6.2;

  static final double LIMIT_PADE5 = 7.65;

  private final int order;
  private final double alpha;
  private final int pade;
  private final double[] padeCoefficients;
  private final double limit;
  private final boolean inverse;
  private final double[] current;
  private final double[] increment;
  private final double[] target;
  private final double[] stage1;
  private final double[] stage2;
  private final StabilityCheck stability;
  private boolean primed;
  private double signed;
  private double all;
  private long stabilisedHops;

  /**
   * @param order mel-cepstral order M
   * @param alpha all-pass constant
   * @param pade Padé order, 4 or 5
   * @param inverse true for the inverse filter (speech in, residual out)
   */
  public MlsaFilter(int order, double alpha, int pade, boolean inverse) {
    if (pade != 4 && pade != 5) {
      throw new IllegalArgumentException("Padé order " + pade + " is not 4 or 5");
    }
    this.order = order;
    this.alpha = alpha;
    this.pade = pade;
    this.padeCoefficients = pade == 4 ? PADE4 : PADE5;
    this.limit = pade == 4 ? LIMIT_PADE4 : LIMIT_PADE5;
    this.inverse = inverse;
    current = new double[order + 1];
    increment = new double[order + 1];
    target = new double[order + 1];
    stage1 = new double[2 * (pade + 1)];
    stage2 = new double[pade * (order + 2) + pade + 1];
    stability = new StabilityCheck(order, alpha);
  }

  /**
   * Converts a mel-cepstrum to MLSA filter coefficients b (SPTK {@code mc2b}).
   *
   * @param mc c0..cM
   * @param b receives b0..bM; may be {@code mc}
   * @param order M
   * @param alpha all-pass constant
   */
  public static void melCepstrumToCoefficients(double[] mc, double[] b, int order, double alpha) {
    b[order] = mc[order];
    for (int i = order - 1; i >= 0; i--) {
      b[i] = mc[i] - alpha * b[i + 1];
    }
  }

  /**
   * Filters one hop: the coefficients move linearly from the previous hop's to those of {@code mc},
   * one step per sample, starting at the previous hop's.
   *
   * @param mc the mel-cepstrum c0..cM for this hop (not modified)
   * @param in {@code length} input samples (excitation, or speech for the inverse filter)
   * @param out receives {@code length} output samples; may be {@code in}
   * @param length samples in the hop
   */
  public void filterHop(double[] mc, double[] in, double[] out, int length) {
    System.arraycopy(mc, 0, target, 0, order + 1);
    if (stability.limit(target, limit)) {
      stabilisedHops++;
    }
    melCepstrumToCoefficients(target, target, order, alpha);
    if (!primed) {
      System.arraycopy(target, 0, current, 0, order + 1);
      primed = true;
    }
    for (int i = 0; i <= order; i++) {
      increment[i] = (target[i] - current[i]) / length;
    }
    for (int n = 0; n < length; n++) {
      out[n] = inverse ? inverseSample(in[n]) : forwardSample(in[n]);
      for (int i = 0; i <= order; i++) {
        current[i] += increment[i];
      }
    }
    System.arraycopy(target, 0, current, 0, order + 1);
  }

  /** Hops whose coefficients were scaled down by the stability check since construction. */
  public long stabilisedHops() {
    return stabilisedHops;
  }

  /** Clears the filter memory; the next hop starts at its own coefficients. */
  public void reset() {
    java.util.Arrays.fill(stage1, 0.0);
    java.util.Arrays.fill(stage2, 0.0);
    primed = false;
  }

  /**
   * Advances the first stage, exp(b1 * warped z^-1), by one sample. Its output is the input plus a
   * term of the past alone: {@code out = x + signed + all}, and its new state is {@code x +
   * signed}; this is what makes the exact inverse possible.
   */
  private void advanceFirstStage() {
    double aa = 1 - alpha * alpha;
    double b1 = current[1];
    signed = 0.0;
    all = 0.0;
    int pt = pade + 1;
    for (int i = pade; i >= 1; i--) {
      stage1[i] = aa * stage1[pt + i - 1] + alpha * stage1[i];
      stage1[pt + i] = stage1[i] * b1;
      double v = stage1[pt + i] * padeCoefficients[i];
      signed += (i & 1) == 1 ? v : -v;
      all += v;
    }
  }

  /**
   * Advances the second stage, exp(sum_{m>=2} b_m * warped z^-m), by one sample; the same contract
   * as {@link #advanceFirstStage}.
   */
  private void advanceSecondStage() {
    signed = 0.0;
    all = 0.0;
    int pt = pade * (order + 2);
    for (int i = pade; i >= 1; i--) {
      stage2[pt + i] = warpedFir(stage2[pt + i - 1], (i - 1) * (order + 2));
      double v = stage2[pt + i] * padeCoefficients[i];
      signed += (i & 1) == 1 ? v : -v;
      all += v;
    }
  }

  /** The forward filter for one sample. */
  private double forwardSample(double x) {
    x *= Math.exp(current[0]);
    advanceFirstStage();
    stage1[pade + 1] = x + signed;
    x += signed + all;
    advanceSecondStage();
    stage2[pade * (order + 2)] = x + signed;
    return x + signed + all;
  }

  /**
   * The inverse for one sample: the input that would make the forward filter, in its present state,
   * output {@code y}; the state then moves exactly as the forward filter's would.
   */
  private double inverseSample(double y) {
    advanceSecondStage();
    stage2[pade * (order + 2)] = y - all;
    y -= signed + all;
    advanceFirstStage();
    stage1[pade + 1] = y - all;
    y -= signed + all;
    return y * Math.exp(-current[0]);
  }

  private double warpedFir(double x, int d) {
    double aa = 1 - alpha * alpha;
    double y = 0.0;
    stage2[d] = x;
    stage2[d + 1] = aa * stage2[d] + alpha * stage2[d + 1];
    for (int i = 2; i <= order; i++) {
      stage2[d + i] += alpha * (stage2[d + i + 1] - stage2[d + i - 1]);
      y += stage2[d + i] * current[i];
    }
    for (int i = order + 1; i > 1; i--) {
      stage2[d + i] = stage2[d + i - 1];
    }
    return y;
  }
}
