package dev.bowtie.realtime.dsp;

/**
 * Streaming rational-ratio resampler (windowed-sinc polyphase filter) between a device rate and the
 * model rate. This is the live branch's stand-in with the agreed API; the io branch's
 * implementation replaces it at merge.
 *
 * <p>Thread rules: one thread at a time; {@link #process} allocates nothing.
 */
public final class PolyphaseResampler {
  private static final int TAPS_PER_PHASE = 32;

  private final int up;
  private final int down;
  private final float[] taps;
  private final float[] history = new float[TAPS_PER_PHASE];
  private int newest = -1;
  private long inputIndex = -1;
  private long outputTime;

  /**
   * @param inRateHz input rate
   * @param outRateHz output rate
   */
  public PolyphaseResampler(int inRateHz, int outRateHz) {
    if (inRateHz <= 0 || outRateHz <= 0) {
      throw new IllegalArgumentException("rates must be positive");
    }
    int g = gcd(inRateHz, outRateHz);
    up = outRateHz / g;
    down = inRateHz / g;
    int n = TAPS_PER_PHASE * up;
    taps = new float[n];
    double cutoff = 0.45 * Math.min(inRateHz, outRateHz) / ((double) inRateHz * up);
    double centre = (n - 1) / 2.0;
    for (int i = 0; i < n; i++) {
      double x = i - centre;
      double sinc = x == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
      double w =
          0.42
              - 0.5 * Math.cos(2 * Math.PI * i / (n - 1))
              + 0.08 * Math.cos(4 * Math.PI * i / (n - 1));
      taps[i] = (float) (sinc * w * up);
    }
  }

  /**
   * @param inputSamples samples passed to one {@link #process} call
   * @return the most output samples that call can write
   */
  public int maxOutput(int inputSamples) {
    return (int) (((long) inputSamples * up + down - 1) / down) + 1;
  }

  /**
   * Resamples a block, continuing from the previous one.
   *
   * @return output samples written
   */
  public int process(float[] in, int inOff, int inLen, float[] out, int outOff) {
    int written = 0;
    for (int j = 0; j < inLen; j++) {
      newest = (newest + 1) % TAPS_PER_PHASE;
      history[newest] = in[inOff + j];
      inputIndex++;
      while (outputTime / up == inputIndex) {
        int phase = (int) (outputTime % up);
        double acc = 0;
        int h = newest;
        for (int k = 0; k < TAPS_PER_PHASE; k++) {
          acc += taps[phase + k * up] * history[h];
          h = h == 0 ? TAPS_PER_PHASE - 1 : h - 1;
        }
        out[outOff + written++] = (float) acc;
        outputTime += down;
      }
    }
    return written;
  }

  /**
   * @return the filter's group delay in output samples
   */
  public double delayOutputSamples() {
    return (taps.length - 1) / 2.0 / down;
  }

  /** Clears the history to silence. */
  public void reset() {
    java.util.Arrays.fill(history, 0f);
    newest = -1;
    inputIndex = -1;
    outputTime = 0;
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
