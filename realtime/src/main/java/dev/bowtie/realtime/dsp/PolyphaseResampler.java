package dev.bowtie.realtime.dsp;

import java.util.Arrays;

/**
 * Streaming rational sample-rate converter between any two rates from 8 to 48 kHz, for the live
 * loop (device rate to model rate and back) and for file conversion.
 *
 * <p><b>Design.</b> The ratio is reduced to {@code L/M} (44.1 kHz to 16 kHz is 160/441). One
 * linear-phase low-pass prototype runs, conceptually, at {@code L} times the input rate: a sinc
 * with a Kaiser window (beta = 0.1102 (A - 8.7) for a stopband attenuation A), sized by Kaiser's
 * formula. Its passband ends and its stopband starts at given fractions of the lower rate's Nyquist
 * frequency {@code fLow / 2}. The default design, for whole files, has its stopband start right
 * there, so nothing above the output's Nyquist frequency can alias and no image of the input
 * survives: A = 80 dB and passband 0.9 span 6.3 ms of input (taps per output sample: 277 from 44.1
 * to 16 kHz, 303 from 48 to 16 kHz, 101 from 16 kHz up) and delay 3.15 ms whenever 16 kHz is the
 * lower rate. The delay in seconds depends only on the transition width: {@code (A - 7.95) / (28.72
 * (stopbandFraction - passbandFraction) fLow / 2)}. The {@link #lowLatency} design for the live
 * loop centres a wider transition on the Nyquist frequency (0.75 to 1.25 of it, 60 dB) and delays
 * 0.46 ms at 16 kHz: what aliases is the input between fLow / 2 and 1.25 fLow / 2, folded into the
 * top quarter of the band (6 to 8 kHz at 16 kHz), where speech is weak. The prototype is split into
 * {@code L} phases once, in the constructor; each output sample is one dot product of one phase
 * with the most recent input samples (polyphase evaluation), so the work per output is the taps per
 * phase, whatever {@code L} and {@code M} are.
 *
 * <p><b>Streaming.</b> {@link #process} may be fed blocks of any size: the output is bit-identical
 * to feeding the whole signal at once. The first output sample is aligned with the first input
 * sample delayed by {@link #delayOutputSamples()}. Equal rates pass samples through unchanged with
 * no delay.
 *
 * <p><b>Threads.</b> Not thread-safe: one instance belongs to one audio thread. {@link #process}
 * allocates nothing, takes no lock and does no I/O.
 */
public final class PolyphaseResampler {
  /** Lowest rate accepted, in Hz. */
  public static final int MIN_RATE_HZ = 8000;

  /** Highest rate accepted, in Hz. */
  public static final int MAX_RATE_HZ = 48000;

  /** Default stopband attenuation in dB. */
  public static final double DEFAULT_STOPBAND_DB = 80;

  /** Default passband edge as a fraction of half the lower rate. */
  public static final double DEFAULT_PASSBAND_FRACTION = 0.9;

  /** Default stopband edge as a fraction of half the lower rate. */
  public static final double DEFAULT_STOPBAND_FRACTION = 1.0;

  /** Input samples copied into the history buffer at a time; bounds the buffer, not the call. */
  private static final int CHUNK = 4096;

  private final int inRateHz;
  private final int outRateHz;
  private final int up;
  private final int down;
  private final int tapsPerPhase;
  private final int centre;

  /** Phase {@code p} is {@code coefficients[p * tapsPerPhase ..]}, reversed to match history. */
  private final float[] coefficients;

  /** Zeros or past input, then new input; {@code history[tapsPerPhase - 1]} starts new input. */
  private final float[] history;

  /** Filter-rate periods cut from the delay by {@link #shortenDelay}; applied on every reset. */
  private int shortenedSteps;

  private int filled;
  private int newest;
  private int phase;

  /**
   * A resampler with the default design (80 dB stopband, passband to 0.9 of the lower Nyquist).
   *
   * @param inRateHz input rate, 8000..48000
   * @param outRateHz output rate, 8000..48000
   * @throws IllegalArgumentException if a rate is out of range
   */
  public PolyphaseResampler(int inRateHz, int outRateHz) {
    this(
        inRateHz,
        outRateHz,
        DEFAULT_PASSBAND_FRACTION,
        DEFAULT_STOPBAND_FRACTION,
        DEFAULT_STOPBAND_DB);
  }

  /**
   * The live loop's design: passband to 0.75 and stopband from 1.25 of the lower rate's Nyquist
   * frequency, 60 dB; 0.46 ms of delay per direction at 16 kHz instead of the default's 3.15 ms.
   * Measured on 32 s of recorded speech at 48 kHz against sox's {@code rate -v}: 47.8 dB SNR down
   * to 16 kHz (the default design: 56.9 dB), the difference lying in the 6 to 8 kHz band.
   *
   * @param inRateHz input rate, 8000..48000
   * @param outRateHz output rate, 8000..48000
   * @return the resampler
   * @throws IllegalArgumentException if a rate is out of range
   */
  public static PolyphaseResampler lowLatency(int inRateHz, int outRateHz) {
    return new PolyphaseResampler(inRateHz, outRateHz, 0.75, 1.25, 60);
  }

  /**
   * A resampler with its own trade between delay and quality: a wider transition band or a lower
   * attenuation gives a shorter filter and less delay.
   *
   * @param inRateHz input rate, 8000..48000
   * @param outRateHz output rate, 8000..48000
   * @param passbandFraction passband edge as a fraction of half the lower rate, in (0.5, 0.99]
   * @param stopbandFraction stopband edge as a fraction of half the lower rate, in [1, 1.5] and
   *     above the passband edge
   * @param stopbandDb stopband attenuation in dB, 40..140
   * @throws IllegalArgumentException if a setting is out of range
   */
  public PolyphaseResampler(
      int inRateHz,
      int outRateHz,
      double passbandFraction,
      double stopbandFraction,
      double stopbandDb) {
    checkRate("input", inRateHz);
    checkRate("output", outRateHz);
    if (!(passbandFraction > 0.5 && passbandFraction <= 0.99)) {
      throw new IllegalArgumentException(
          "passband fraction " + passbandFraction + " is not in (0.5, 0.99]");
    }
    if (!(stopbandFraction >= 1.0 && stopbandFraction <= 1.5)) {
      throw new IllegalArgumentException(
          "stopband fraction " + stopbandFraction + " is not in [1, 1.5]");
    }
    if (!(stopbandDb >= 40 && stopbandDb <= 140)) {
      throw new IllegalArgumentException("stopband " + stopbandDb + " dB is not in 40..140");
    }
    this.inRateHz = inRateHz;
    this.outRateHz = outRateHz;
    int gcd = gcd(inRateHz, outRateHz);
    this.up = outRateHz / gcd;
    this.down = inRateHz / gcd;
    if (up == 1 && down == 1) {
      tapsPerPhase = 1;
      centre = 0;
      coefficients = new float[] {1};
      history = new float[0];
    } else {
      double filterRateHz = (double) up * inRateHz;
      double nyquistHz = Math.min(inRateHz, outRateHz) / 2.0;
      double transition = nyquistHz * (stopbandFraction - passbandFraction) / filterRateHz;
      double cutoff = nyquistHz * (stopbandFraction + passbandFraction) / 2 / filterRateHz;
      int estimate = KaiserLowpass.length(stopbandDb, transition);
      tapsPerPhase = (estimate + up - 1) / up;
      // An odd length puts the centre on a whole sample, so a whole-signal conversion can start
      // exactly on it; the spare slot, if any, stays zero.
      int length = tapsPerPhase * up - ((tapsPerPhase * up) % 2 == 0 ? 1 : 0);
      centre = (length - 1) / 2;
      double[] taps =
          KaiserLowpass.design(length, cutoff, KaiserLowpass.beta(stopbandDb), (double) up);
      coefficients = new float[tapsPerPhase * up];
      for (int k = 0; k < length; k++) {
        int p = k % up;
        int j = k / up;
        coefficients[p * tapsPerPhase + tapsPerPhase - 1 - j] = (float) taps[k];
      }
      history = new float[tapsPerPhase - 1 + CHUNK];
    }
    reset();
  }

  /** Input rate in Hz. */
  public int inRateHz() {
    return inRateHz;
  }

  /** Output rate in Hz. */
  public int outRateHz() {
    return outRateHz;
  }

  /** Taps evaluated per output sample. */
  public int tapsPerPhase() {
    return tapsPerPhase;
  }

  /**
   * An upper bound of the samples one call to {@link #process} writes for {@code inputSamples}
   * inputs, whatever came before; size output buffers with it.
   */
  public int maxOutput(int inputSamples) {
    return (int) (((long) inputSamples * up + down - 1) / down);
  }

  /**
   * Converts a block. Allocates nothing.
   *
   * @param in input samples
   * @param inOff first input sample to use
   * @param inLen input samples to use, any number (0 is allowed)
   * @param out receives output samples; needs room for {@link #maxOutput maxOutput(inLen)}
   * @param outOff where the first output sample goes
   * @return output samples written
   */
  public int process(float[] in, int inOff, int inLen, float[] out, int outOff) {
    if (up == 1 && down == 1) {
      System.arraycopy(in, inOff, out, outOff, inLen);
      return inLen;
    }
    int written = 0;
    int offset = inOff;
    int remaining = inLen;
    while (remaining > 0) {
      int n = Math.min(remaining, CHUNK);
      System.arraycopy(in, offset, history, filled, n);
      filled += n;
      offset += n;
      remaining -= n;
      while (newest < filled) {
        out[outOff + written++] = dot(phase * tapsPerPhase, newest - tapsPerPhase + 1);
        phase += down;
        newest += phase / up;
        phase %= up;
      }
      int consumed = filled - (tapsPerPhase - 1);
      System.arraycopy(history, consumed, history, 0, tapsPerPhase - 1);
      filled -= consumed;
      newest -= consumed;
    }
    return written;
  }

  /**
   * One phase times the history. Four float partial sums let the CPU overlap the multiply-adds
   * (about twice as fast as one double sum); the rounding stays near -130 dB, far below the
   * filter's own 80 dB, and the order of additions never changes, so streaming stays exact.
   */
  private float dot(int coefficientStart, int historyStart) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int k = 0;
    for (; k + 3 < tapsPerPhase; k += 4) {
      s0 += coefficients[coefficientStart + k] * history[historyStart + k];
      s1 += coefficients[coefficientStart + k + 1] * history[historyStart + k + 1];
      s2 += coefficients[coefficientStart + k + 2] * history[historyStart + k + 2];
      s3 += coefficients[coefficientStart + k + 3] * history[historyStart + k + 3];
    }
    for (; k < tapsPerPhase; k++) {
      s0 += coefficients[coefficientStart + k] * history[historyStart + k];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /**
   * The filter's group delay in output samples: a feature at input time t appears in the output at
   * output index {@code t * outRate / inRate + delayOutputSamples()}. Zero for equal rates.
   */
  public double delayOutputSamples() {
    return delaySteps() / (double) down;
  }

  /**
   * The filter's group delay in periods of the filter rate ({@link #upFactor()} times the input
   * rate): {@link #delayOutputSamples()} is this divided by the decimation factor.
   */
  public int delaySteps() {
    return centre - shortenedSteps;
  }

  /** The interpolation factor L of the reduced ratio L/M; 1 for equal rates. */
  public int upFactor() {
    return up;
  }

  /**
   * Moves the output grid {@code steps} periods of the filter rate earlier, shortening the delay by
   * that much (less than one output sample when {@code steps < M}). A capture and playback pair
   * uses it so that its round trip delays by a whole number of device samples, and a file comes
   * back exactly aligned. Restarts the stream like {@link #reset()}; later resets keep the shift.
   *
   * @param steps filter-rate periods to remove, 0 to the current {@link #delaySteps()}
   * @throws IllegalArgumentException if that would make the delay negative
   */
  public void shortenDelay(int steps) {
    if (steps < 0 || steps > delaySteps()) {
      throw new IllegalArgumentException(
          "cannot shorten a delay of " + delaySteps() + " filter steps by " + steps);
    }
    shortenedSteps += steps;
    reset();
  }

  /** Forgets all past input, as if freshly constructed. Allocates nothing. */
  public void reset() {
    Arrays.fill(history, 0f);
    filled = tapsPerPhase - 1;
    newest = tapsPerPhase - 1;
    phase = 0;
    advance(shortenedSteps);
  }

  /**
   * Converts a whole signal with the default design and removes the filter delay: the output has
   * {@code round(in.length * outRate / inRate)} samples and sample k lies at time {@code k /
   * outRate}, aligned with the input.
   *
   * @param in the whole input signal
   * @param inRateHz input rate, 8000..48000
   * @param outRateHz output rate, 8000..48000
   * @return a new array with the converted signal
   */
  public static float[] resample(float[] in, int inRateHz, int outRateHz) {
    return new PolyphaseResampler(inRateHz, outRateHz).convertWhole(in);
  }

  /**
   * Converts a whole signal with this resampler's design and removes the filter delay, as {@link
   * #resample} does with the default design. Restarts the stream; allocates the result.
   *
   * @param in the whole input signal
   * @return a new array with the converted signal, aligned with the input
   */
  public float[] convertWhole(float[] in) {
    startAligned();
    float[] out = new float[Math.toIntExact(alignedLength(in.length))];
    if (up == 1 && down == 1) {
      System.arraycopy(in, 0, out, 0, in.length);
      return out;
    }
    float[] block = new float[maxOutput(CHUNK)];
    float[] silence = new float[CHUNK];
    int produced = 0;
    for (int offset = 0; produced < out.length; offset += CHUNK) {
      int n;
      if (offset < in.length) {
        n = process(in, offset, Math.min(CHUNK, in.length - offset), block, 0);
      } else {
        n = process(silence, 0, CHUNK, block, 0);
      }
      int keep = Math.min(n, out.length - produced);
      System.arraycopy(block, 0, out, produced, keep);
      produced += keep;
    }
    return out;
  }

  /**
   * The length of a whole-signal conversion ({@link #convertWhole}): {@code round(inputSamples *
   * outRate / inRate)}.
   */
  public long alignedLength(long inputSamples) {
    return (inputSamples * 2 * up + down) / (2L * down);
  }

  /**
   * Restarts the stream as {@link #convertWhole} does, with output sample 0 aligned with input
   * sample 0: feeding a signal block by block, then silence, and keeping the first {@link
   * #alignedLength} outputs gives exactly the samples {@code convertWhole} returns, in bounded
   * memory. Allocates nothing.
   */
  public void startAligned() {
    reset();
    skipFilterDelay();
  }

  /** Starts output at the filter's centre, so output sample 0 is aligned with input sample 0. */
  private void skipFilterDelay() {
    advance(delaySteps());
  }

  private void advance(int steps) {
    phase += steps;
    newest += phase / up;
    phase %= up;
  }

  private static void checkRate(String which, int rateHz) {
    if (rateHz < MIN_RATE_HZ || rateHz > MAX_RATE_HZ) {
      throw new IllegalArgumentException(
          which + " rate " + rateHz + " Hz is not in " + MIN_RATE_HZ + ".." + MAX_RATE_HZ);
    }
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
