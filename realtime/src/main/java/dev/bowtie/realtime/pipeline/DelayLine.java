package dev.bowtie.realtime.pipeline;

/**
 * The recent input history, so the dry signal can be read back at a voice's latency and line up
 * with the voice's output (no comb filtering in a dry/wet mix).
 *
 * <p>Thread rules: one thread; no allocation after construction.
 */
final class DelayLine {
  private final float[] history;
  private final int mask;
  private long written;

  /**
   * @param capacity the longest delay plus one block; rounded up to a power of two
   */
  DelayLine(int capacity) {
    int size = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1);
    history = new float[size];
    mask = size - 1;
  }

  /** Appends a block. */
  void write(float[] block, int count) {
    for (int i = 0; i < count; i++) {
      history[(int) ((written + i) & mask)] = block[i];
    }
    written += count;
  }

  /**
   * Reads the last written block as it was {@code delay} samples ago (silence before the start).
   */
  void read(float[] out, int count, int delay) {
    long first = written - count - delay;
    for (int i = 0; i < count; i++) {
      long t = first + i;
      out[i] = t < 0 ? 0f : history[(int) (t & mask)];
    }
  }
}
