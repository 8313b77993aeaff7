package dev.bowtie.realtime.pipeline;

import java.util.Locale;

/**
 * One second of the live loop's health, as the status line shows it. Immutable.
 *
 * @param inputDbfs input peak over the interval, dB relative to full scale
 * @param outputDbfs output peak over the interval
 * @param algorithmicLatencyMillis delay added by design: hop, voice, resamplers
 * @param queuedMillis audio waiting between capture and playback (rings and drift corrector)
 * @param hopP50Millis median voice-thread time per hop over the interval
 * @param hopP99Millis 99th percentile of the same
 * @param handoffP99Millis 99th percentile of the time from capture to the voice thread starting
 * @param driftPpm the playback read-rate correction in effect
 * @param heldLatencyMillis mean capture-to-playback time inside Bowtie over the last half second
 *     (device buffers excluded)
 * @param targetLatencyMillis what the drift steering holds that time to; NaN while settling
 * @param processedHops hops processed since start
 * @param overruns hops lost to a full input ring since start
 * @param underruns hops of silence played for lack of a processed hop since start
 * @param voiceLateUnderruns of those, the ones where captured audio waited for the voice thread
 * @param slowFallbacks times the loop fell back to dry pass-through since start
 * @param voiceFaults hops where the voice gave NaN/infinity or threw, since start
 * @param skippedHops hops discarded to cut an overfull queue, since start
 */
public record LiveStatus(
    double inputDbfs,
    double outputDbfs,
    double algorithmicLatencyMillis,
    double queuedMillis,
    double hopP50Millis,
    double hopP99Millis,
    double handoffP99Millis,
    double driftPpm,
    double heldLatencyMillis,
    double targetLatencyMillis,
    long processedHops,
    long overruns,
    long underruns,
    long voiceLateUnderruns,
    long slowFallbacks,
    long voiceFaults,
    long skippedHops) {

  /**
   * @return the one-line text form
   */
  public String toText() {
    return String.format(
        Locale.ROOT,
        "in %6.1f dBFS  out %6.1f dBFS  latency %.1f ms + queue %.1f ms  hop p50 %.3f ms p99 %.3f"
            + " ms  wake p99 %.3f ms  drift %+.0f ppm  overruns %d  underruns %d  slow %d  faults %d",
        inputDbfs,
        outputDbfs,
        algorithmicLatencyMillis,
        queuedMillis,
        hopP50Millis,
        hopP99Millis,
        handoffP99Millis,
        driftPpm,
        overruns,
        underruns,
        slowFallbacks,
        voiceFaults);
  }

  /**
   * @return the JSON-lines form: one object, no line break
   */
  public String toJson() {
    return String.format(
        Locale.ROOT,
        "{\"inputDbfs\":%.1f,\"outputDbfs\":%.1f,\"algorithmicLatencyMs\":%.3f,"
            + "\"queuedMs\":%.3f,\"hopP50Ms\":%.4f,\"hopP99Ms\":%.4f,\"handoffP99Ms\":%.4f,"
            + "\"driftPpm\":%.1f,\"heldLatencyMs\":%.3f,\"targetLatencyMs\":%s,"
            + "\"processedHops\":%d,\"overruns\":%d,\"underruns\":%d,\"voiceLateUnderruns\":%d,"
            + "\"slowFallbacks\":%d,"
            + "\"voiceFaults\":%d,\"skippedHops\":%d}",
        inputDbfs,
        outputDbfs,
        algorithmicLatencyMillis,
        queuedMillis,
        hopP50Millis,
        hopP99Millis,
        handoffP99Millis,
        driftPpm,
        heldLatencyMillis,
        Double.isNaN(targetLatencyMillis)
            ? "null"
            : String.format(Locale.ROOT, "%.3f", targetLatencyMillis),
        processedHops,
        overruns,
        underruns,
        voiceLateUnderruns,
        slowFallbacks,
        voiceFaults,
        skippedHops);
  }

  /**
   * @param peak an absolute peak in [0, 1]
   * @return dB relative to full scale, floored at -120
   */
  public static double dbfs(float peak) {
    return peak <= 1e-6f ? -120.0 : 20.0 * Math.log10(peak);
  }
}
