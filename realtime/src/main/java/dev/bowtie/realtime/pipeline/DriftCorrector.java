package dev.bowtie.realtime.pipeline;

/**
 * Reads the processed model-rate stream at a rate a few hundred parts per million away from
 * nominal, so playback can follow a capture clock that runs slightly fast or slow. Samples between
 * the stored ones come from a 4-point cubic Hermite interpolator; at a ratio of exactly 1 the
 * stream passes unchanged.
 *
 * <p>Thread rules: the playback thread only; {@link #produce} allocates nothing.
 */
final class DriftCorrector {
  /** Where the corrector gets its next hop. */
  interface HopSource {
    /**
     * Fills one hop.
     *
     * @param into a hop-sized array to fill completely
     */
    void nextHop(float[] into);
  }

  private final int hop;
  private final HopSource source;
  private final float[] fifo;
  private final float[] hopScratch;
  private int length;
  private double position;

  DriftCorrector(int hopSamples, HopSource source) {
    this.hop = hopSamples;
    this.source = source;
    this.fifo = new float[hopSamples * 4 + 4];
    this.hopScratch = new float[hopSamples];
    // One sample of silence before the stream gives the interpolator its left neighbour.
    this.length = 1;
    this.position = 1.0;
  }

  /**
   * Writes {@code count} samples read at {@code ratio} input samples per output sample.
   *
   * @param out destination
   * @param count samples to write
   * @param ratio input advance per output sample; 1 + ppm / 1e6
   */
  void produce(float[] out, int count, double ratio) {
    for (int k = 0; k < count; k++) {
      int i = (int) position;
      while (i + 2 >= length) {
        pull();
        i = (int) position;
      }
      float t = (float) (position - i);
      out[k] = hermite(fifo[i - 1], fifo[i], fifo[i + 1], fifo[i + 2], t);
      position += ratio;
    }
  }

  /** Samples taken from the source but not yet read past. */
  double queuedSamples() {
    return length - position;
  }

  private void pull() {
    int keepFrom = (int) position - 1;
    if (keepFrom > 0) {
      System.arraycopy(fifo, keepFrom, fifo, 0, length - keepFrom);
      length -= keepFrom;
      position -= keepFrom;
    }
    source.nextHop(hopScratch);
    System.arraycopy(hopScratch, 0, fifo, length, hop);
    length += hop;
  }

  private static float hermite(float xm1, float x0, float x1, float x2, float t) {
    float c1 = 0.5f * (x1 - xm1);
    float c2 = xm1 - 2.5f * x0 + 2f * x1 - 0.5f * x2;
    float c3 = 0.5f * (x2 - xm1) + 1.5f * (x0 - x1);
    return ((c3 * t + c2) * t + c1) * t + x0;
  }
}
