package dev.bowtie.realtime.bench;

import java.util.EnumMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The times one subject of {@code bench hop} took, per stage: an HdrHistogram per stage, sized once
 * (1 ns to a minute, three significant digits) so that recording allocates nothing, and the whole
 * hop's time and start of every measured hop, for a time series.
 *
 * <p>Thread rules: one thread records; read after the run.
 */
public final class StageTimes {
  /** Longest time a histogram holds; longer ones count as this. */
  static final long HIGHEST_NANOS = 60_000_000_000L;

  private final Histogram[] histograms = new Histogram[HopStage.values().length];
  private final long[] hopNanos;
  private final long[] hopStartNanos;
  private boolean recording;
  private int hops;
  private long hopStart;

  /**
   * @param capacity the most hops that will be measured
   */
  StageTimes(int capacity) {
    hopNanos = new long[capacity];
    hopStartNanos = new long[capacity];
  }

  /** From now on, record (before this, {@link #record} is a warm-up that counts nothing). */
  void startRecording() {
    recording = true;
  }

  /** Notes when the hop about to run starts, in {@link System#nanoTime} nanoseconds. */
  void hopStarts(long nanoTime) {
    hopStart = nanoTime;
  }

  /**
   * Counts one duration of {@code stage}; {@link HopStage#HOP} also ends the hop.
   *
   * @param stage the stage
   * @param nanos its duration in this hop
   */
  void record(HopStage stage, long nanos) {
    if (!recording) {
      return;
    }
    Histogram h = histograms[stage.ordinal()];
    if (h == null) {
      return;
    }
    h.recordValue(Math.max(0, Math.min(nanos, HIGHEST_NANOS)));
    if (stage == HopStage.HOP && hops < hopNanos.length) {
      hopNanos[hops] = nanos;
      hopStartNanos[hops] = hopStart;
      hops++;
    }
  }

  /** Makes the histogram of {@code stage}, which the subject will record; before the run. */
  void measures(HopStage stage) {
    histograms[stage.ordinal()] = new Histogram(1, HIGHEST_NANOS, 3);
  }

  /** The histograms of the stages this subject measured. */
  public Map<HopStage, Histogram> histograms() {
    Map<HopStage, Histogram> map = new EnumMap<>(HopStage.class);
    for (HopStage s : HopStage.values()) {
      if (histograms[s.ordinal()] != null) {
        map.put(s, histograms[s.ordinal()]);
      }
    }
    return map;
  }

  /** Hops measured. */
  public int hops() {
    return hops;
  }

  /** The whole hop's time of measured hop {@code i}, in nanoseconds. */
  public long hopNanos(int i) {
    return hopNanos[i];
  }

  /** When measured hop {@code i} started, in {@link System#nanoTime} nanoseconds. */
  public long hopStartNanos(int i) {
    return hopStartNanos[i];
  }
}
