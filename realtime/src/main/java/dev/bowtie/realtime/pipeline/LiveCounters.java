package dev.bowtie.realtime.pipeline;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live loop's health figures: the counters the status line prints and the tests assert on.
 *
 * <p>Thread rules: each counter has one writing thread (named on the field) that updates it with an
 * ordered store, never a lock; the status thread and tests read any of them at any time. The peak
 * levels are the exception: the audio threads raise them and the status thread takes them.
 */
public final class LiveCounters {
  /** Hops published into the input ring. Writer: capture thread. */
  public final AtomicLong publishedHops = new AtomicLong();

  /** Hops lost because the input ring was full: the voice thread fell behind. Writer: capture. */
  public final AtomicLong overruns = new AtomicLong();

  /** Hops processed by the voice thread. Writer: voice thread. */
  public final AtomicLong processedHops = new AtomicLong();

  /**
   * Times processing fell so far behind that the loop switched to dry pass-through for a while.
   * Writer: voice thread.
   */
  public final AtomicLong slowFallbacks = new AtomicLong();

  /** Hops played dry because of a slow fallback. Writer: voice thread. */
  public final AtomicLong fallbackHops = new AtomicLong();

  /**
   * Hops where the voice produced NaN or infinity or threw, replaced by the dry signal. Writer:
   * voice thread.
   */
  public final AtomicLong voiceFaults = new AtomicLong();

  /** Processed hops lost because the output ring was full. Writer: voice thread. */
  public final AtomicLong outputDrops = new AtomicLong();

  /** Hops taken from the output ring by playback. Writer: playback thread. */
  public final AtomicLong playedHops = new AtomicLong();

  /** Hops of silence played because no processed hop was ready. Writer: playback thread. */
  public final AtomicLong underruns = new AtomicLong();

  /**
   * Of the underruns, those where captured audio was waiting for the voice thread: the voice (or
   * its thread's scheduling) was late, not the capture device. Writer: playback thread.
   */
  public final AtomicLong voiceLateUnderruns = new AtomicLong();

  /** Hops discarded to pull an overfull queue back to its target. Writer: playback thread. */
  public final AtomicLong skippedHops = new AtomicLong();

  /** Device frames read from the capture line. Writer: capture thread. */
  public final AtomicLong capturedFrames = new AtomicLong();

  /** Device frames written to the playback line. Writer: playback thread. */
  public final AtomicLong playedFrames = new AtomicLong();

  /** Current drift correction in parts per million of the playback read rate. Writer: playback. */
  public volatile double driftPpm;

  /**
   * Model-rate samples queued between capture and playback, at the last block. Writer: playback.
   */
  public volatile double queuedSamples;

  /**
   * Mean time from capture to playback over the last steering window (half a second), in
   * nanoseconds: the latency the loop holds, device buffers excluded. Writer: playback.
   */
  public volatile double heldLatencyNanos;

  /**
   * The latency the drift steering aims for, in nanoseconds; NaN while settling. Writer: playback.
   */
  public volatile double targetLatencyNanos = Double.NaN;

  private final AtomicInteger inputPeakBits = new AtomicInteger();
  private final AtomicInteger outputPeakBits = new AtomicInteger();

  /**
   * Raises one counter by one. Only the counter's single writer may call this.
   *
   * @param counter one of this object's counters
   */
  public static void bump(AtomicLong counter) {
    counter.lazySet(counter.get() + 1);
  }

  /**
   * @param peak absolute peak of a block just captured
   */
  public void raiseInputPeak(float peak) {
    inputPeakBits.accumulateAndGet(Float.floatToRawIntBits(peak), Math::max);
  }

  /**
   * @param peak absolute peak of a block just played
   */
  public void raiseOutputPeak(float peak) {
    outputPeakBits.accumulateAndGet(Float.floatToRawIntBits(peak), Math::max);
  }

  /**
   * @return the input peak since the last call, and starts a new interval
   */
  public float takeInputPeak() {
    return Float.intBitsToFloat(inputPeakBits.getAndSet(0));
  }

  /**
   * @return the output peak since the last call, and starts a new interval
   */
  public float takeOutputPeak() {
    return Float.intBitsToFloat(outputPeakBits.getAndSet(0));
  }

  /**
   * @param samples a block
   * @param count how many samples of it to scan
   * @return the largest absolute sample value
   */
  public static float peakOf(float[] samples, int count) {
    float peak = 0f;
    for (int i = 0; i < count; i++) {
      float a = Math.abs(samples[i]);
      if (a > peak) {
        peak = a;
      }
    }
    return peak;
  }
}
