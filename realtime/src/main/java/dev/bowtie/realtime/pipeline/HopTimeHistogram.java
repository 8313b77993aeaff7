package dev.bowtie.realtime.pipeline;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A histogram of durations in nanoseconds with eight buckets per octave (about 9% resolution), made
 * once and never resized: recording is an index computation and one ordered store, so the voice
 * thread can time every hop without allocating.
 *
 * <p>Thread rules: exactly one thread calls {@link #record}; any thread may call {@link
 * #snapshotInto}. Counts only grow; a reader wanting one interval subtracts two snapshots.
 */
public final class HopTimeHistogram {
  private static final int SUB_BITS = 3;
  private static final int SUBS = 1 << SUB_BITS;

  /** Number of buckets; the size of the arrays {@link #snapshotInto} fills. */
  public static final int BUCKETS = 64 * SUBS;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

  /**
   * Counts one duration. Single writer only.
   *
   * @param nanos the duration; negative values count as zero
   */
  public void record(long nanos) {
    int i = bucketOf(nanos);
    counts.lazySet(i, counts.get(i) + 1);
  }

  /**
   * Copies the cumulative counts.
   *
   * @param dest an array of {@link #BUCKETS} longs
   */
  public void snapshotInto(long[] dest) {
    for (int i = 0; i < BUCKETS; i++) {
      dest[i] = counts.get(i);
    }
  }

  /**
   * The duration below which a fraction {@code q} of the counted durations lie, as the middle of
   * the bucket holding that rank.
   *
   * @param counts per-bucket counts, e.g. the difference of two snapshots
   * @param q a fraction in [0, 1]
   * @return nanoseconds, or 0 when {@code counts} holds nothing
   */
  public static long quantileNanos(long[] counts, double q) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return middleOf(i);
      }
    }
    return middleOf(counts.length - 1);
  }

  static int bucketOf(long nanos) {
    if (nanos < SUBS) {
      return (int) Math.max(0, nanos);
    }
    int exp = 63 - Long.numberOfLeadingZeros(nanos);
    int sub = (int) (nanos >>> (exp - SUB_BITS)) - SUBS;
    return exp * SUBS + sub;
  }

  static long middleOf(int bucket) {
    if (bucket < SUBS) {
      return bucket;
    }
    int exp = bucket / SUBS;
    int sub = bucket % SUBS;
    long lower = (long) (SUBS + sub) << (exp - SUB_BITS);
    long width = 1L << (exp - SUB_BITS);
    return lower + width / 2;
  }
}
