package dev.bowtie.realtime.streams;

import java.util.Arrays;

/**
 * How many voice streams one thread sustains in real time, batched against separate: the same N
 * streams of speech go through a {@link BatchedStreamEngine} and a {@link SeparateStreamEngine} hop
 * by hop in turn (which goes first alternates every hop), and every hop of each is timed. Taking
 * both in the same run, interleaved, exposes them to the same load on a busy machine, so their
 * ratio stays honest when absolute times do not.
 *
 * <p>Runs on the caller's thread, flat out (no waiting for real time).
 */
public final class StreamThroughput {
  private StreamThroughput() {}

  /** Told after every measured or warm-up hop, so a long run can show progress. */
  @FunctionalInterface
  public interface Progress {
    /**
     * @param done hops done so far, warm-up included
     * @param total hops the run will do
     */
    void hopsDone(int done, int total);
  }

  /**
   * Percentiles of the time one call of {@link StreamEngine#processHop} took (all N streams).
   *
   * @param p50Nanos median
   * @param p99Nanos 99th percentile
   */
  public record HopTimes(long p50Nanos, long p99Nanos) {
    static HopTimes of(long[] nanos) {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      return new HopTimes(percentile(sorted, 0.50), percentile(sorted, 0.99));
    }

    private static long percentile(long[] sorted, double q) {
      int rank = (int) Math.ceil(q * sorted.length);
      return sorted[Math.max(rank, 1) - 1];
    }
  }

  /**
   * One measurement.
   *
   * @param streams N
   * @param hopDurationNanos how much audio a hop holds
   * @param batched the batched engine's hop times
   * @param separate the separate engines' hop times
   * @param faults frames or hops either engine left dry (model NaN or failure, output not finite)
   */
  public record Result(
      int streams, long hopDurationNanos, HopTimes batched, HopTimes separate, long faults) {

    /**
     * Streams one core keeps up with in real time if every hop took {@code hopNanos}: the hop's
     * duration over the time per hop, times N.
     */
    public double streamsPerCore(long hopNanos) {
      return (double) hopDurationNanos / hopNanos * streams;
    }

    /** Compute time per second of audio of one stream if every hop took {@code hopNanos}. */
    public double realTimeFactorPerStream(long hopNanos) {
      return 1.0 / streamsPerCore(hopNanos);
    }
  }

  /**
   * Measures.
   *
   * @param batched the batched engine
   * @param separate the separate engines, with as many streams
   * @param speech the streams both engines hear (the same hop goes to each)
   * @param sampleRateHz the model rate, which gives a hop's duration
   * @param warmUpHops hops run through each engine before timing (JIT compilation, caches)
   * @param hops hops timed per engine
   * @param progress told after every hop
   */
  public static Result measure(
      StreamEngine batched,
      StreamEngine separate,
      SpeechStreams speech,
      int sampleRateHz,
      int warmUpHops,
      int hops,
      Progress progress) {
    int n = batched.streams();
    if (separate.streams() != n || speech.streams() != n) {
      throw new IllegalArgumentException("the engines and the speech differ in their streams");
    }
    int hop = batched.hopSamples();
    float[][] in = new float[n][hop];
    float[][] out = new float[n][hop];
    long[] batchedNanos = new long[hops];
    long[] separateNanos = new long[hops];
    int total = warmUpHops + hops;
    for (int h = 0; h < total; h++) {
      speech.nextHop(in);
      long batchedTime;
      long separateTime;
      if (h % 2 == 0) {
        batchedTime = timeHop(batched, in, out);
        separateTime = timeHop(separate, in, out);
      } else {
        separateTime = timeHop(separate, in, out);
        batchedTime = timeHop(batched, in, out);
      }
      if (h >= warmUpHops) {
        batchedNanos[h - warmUpHops] = batchedTime;
        separateNanos[h - warmUpHops] = separateTime;
      }
      progress.hopsDone(h + 1, total);
    }
    long hopDurationNanos = Math.round(1e9 * hop / sampleRateHz);
    return new Result(
        n,
        hopDurationNanos,
        HopTimes.of(batchedNanos),
        HopTimes.of(separateNanos),
        batched.faults() + separate.faults());
  }

  private static long timeHop(StreamEngine engine, float[][] in, float[][] out) {
    long start = System.nanoTime();
    engine.processHop(in, out);
    return System.nanoTime() - start;
  }
}
