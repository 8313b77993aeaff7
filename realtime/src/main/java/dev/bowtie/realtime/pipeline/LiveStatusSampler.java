package dev.bowtie.realtime.pipeline;

/**
 * Turns the pipeline's running counters into one {@link LiveStatus} per interval: peaks and hop
 * time percentiles cover the interval since the previous sample, counts are totals.
 *
 * <p>Thread rules: one status thread; it never touches the audio threads' data except through the
 * counters' and histogram's thread-safe reads.
 */
public final class LiveStatusSampler {
  private final LivePipeline pipeline;
  private final long[] previous = new long[HopTimeHistogram.BUCKETS];
  private final long[] latest = new long[HopTimeHistogram.BUCKETS];
  private final long[] previousHandoff = new long[HopTimeHistogram.BUCKETS];
  private final long[] latestHandoff = new long[HopTimeHistogram.BUCKETS];
  private final long[] interval = new long[HopTimeHistogram.BUCKETS];
  private final long[] handoff = new long[HopTimeHistogram.BUCKETS];
  private HopProcessor lastVoice;
  private long lastVoiceFaults;
  private long retiredVoiceFaults;

  /**
   * @param pipeline the loop to watch
   */
  public LiveStatusSampler(LivePipeline pipeline) {
    this.pipeline = pipeline;
  }

  /**
   * Faults the voices handled themselves (a neural voice's NaN frames, an engine's non-finite
   * hops), summed over every voice the loop has used, on top of those the voice stage caught.
   */
  private long voiceOwnFaults() {
    HopProcessor voice = pipeline.settings().voice();
    if (voice != lastVoice) {
      retiredVoiceFaults += lastVoiceFaults;
      lastVoice = voice;
    }
    lastVoiceFaults = voice.faults();
    return retiredVoiceFaults + lastVoiceFaults;
  }

  /**
   * @return the figures since the previous call (or since start)
   */
  public LiveStatus sample() {
    LiveCounters c = pipeline.counters();
    pipeline.hopTimes().snapshotInto(latest);
    for (int i = 0; i < interval.length; i++) {
      interval[i] = latest[i] - previous[i];
    }
    System.arraycopy(latest, 0, previous, 0, latest.length);
    pipeline.handoffTimes().snapshotInto(latestHandoff);
    for (int i = 0; i < handoff.length; i++) {
      handoff[i] = latestHandoff[i] - previousHandoff[i];
    }
    System.arraycopy(latestHandoff, 0, previousHandoff, 0, latestHandoff.length);
    return new LiveStatus(
        LiveStatus.dbfs(c.takeInputPeak()),
        LiveStatus.dbfs(c.takeOutputPeak()),
        pipeline.algorithmicLatencyMillis(),
        pipeline.queuedMillis(),
        HopTimeHistogram.quantileNanos(interval, 0.50) / 1e6,
        HopTimeHistogram.quantileNanos(interval, 0.99) / 1e6,
        HopTimeHistogram.quantileNanos(handoff, 0.99) / 1e6,
        c.driftPpm,
        c.heldLatencyNanos / 1e6,
        c.targetLatencyNanos / 1e6,
        c.processedHops.get(),
        c.overruns.get(),
        c.underruns.get(),
        c.voiceLateUnderruns.get(),
        c.slowFallbacks.get(),
        c.voiceFaults.get() + voiceOwnFaults(),
        c.skippedHops.get());
  }
}
