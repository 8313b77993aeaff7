package dev.bowtie.realtime.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HopTimeHistogramTest {

  private static long[] counts(HopTimeHistogram h) {
    long[] c = new long[HopTimeHistogram.BUCKETS];
    h.snapshotInto(c);
    return c;
  }

  @Test
  void shouldReportQuantilesWithinOneBucketOfTheTruth() {
    HopTimeHistogram h = new HopTimeHistogram();
    for (int i = 0; i < 980; i++) {
      h.record(40_000);
    }
    for (int i = 0; i < 20; i++) {
      h.record(2_000_000);
    }
    long[] c = counts(h);
    // Eight buckets per octave: a reported value is within 1/16 of an octave (about 4.5%).
    assertEquals(40_000, HopTimeHistogram.quantileNanos(c, 0.50), 40_000 * 0.05);
    assertEquals(40_000, HopTimeHistogram.quantileNanos(c, 0.98), 40_000 * 0.05);
    assertEquals(2_000_000, HopTimeHistogram.quantileNanos(c, 0.99), 2_000_000 * 0.05);
  }

  @Test
  void shouldGiveOneIntervalAsTheDifferenceOfTwoSnapshots() {
    HopTimeHistogram h = new HopTimeHistogram();
    for (int i = 0; i < 100; i++) {
      h.record(5_000_000);
    }
    long[] before = counts(h);
    for (int i = 0; i < 100; i++) {
      h.record(100_000);
    }
    long[] after = counts(h);
    long[] interval = new long[after.length];
    for (int i = 0; i < after.length; i++) {
      interval[i] = after[i] - before[i];
    }
    assertEquals(100_000, HopTimeHistogram.quantileNanos(interval, 0.99), 100_000 * 0.05);
    assertEquals(0, HopTimeHistogram.quantileNanos(new long[HopTimeHistogram.BUCKETS], 0.5));
  }

  @Test
  void shouldKeepSmallAndHugeDurationsInRange() {
    HopTimeHistogram h = new HopTimeHistogram();
    h.record(-5);
    h.record(3);
    h.record(Long.MAX_VALUE);
    long[] c = counts(h);
    assertEquals(0, HopTimeHistogram.quantileNanos(c, 0.1));
    assertEquals(3, HopTimeHistogram.quantileNanos(c, 0.5));
    assertEquals(Long.MAX_VALUE, HopTimeHistogram.quantileNanos(c, 1.0), Long.MAX_VALUE * 0.05);
  }
}
