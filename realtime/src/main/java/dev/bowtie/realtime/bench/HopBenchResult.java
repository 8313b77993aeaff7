package dev.bowtie.realtime.bench;

import java.util.List;

/**
 * Everything one {@code bench hop} run measured.
 *
 * @param subjects the voices and baselines, in the order they ran within each hop
 * @param gcPauses the garbage collector's pauses while the hops were measured
 * @param sptk the SPTK baseline, run after the hops (or why it was skipped)
 * @param hops measured hops per subject
 * @param hopSeconds audio per hop
 * @param measureStartNanos {@link System#nanoTime} when the measured hops began, the origin of the
 *     hop time series
 * @param wallNanos how long the measured hops took, all subjects together
 */
public record HopBenchResult(
    List<SubjectResult> subjects,
    List<GcPause> gcPauses,
    SptkBaseline.Result sptk,
    int hops,
    double hopSeconds,
    long measureStartNanos,
    long wallNanos) {

  /** Real-time factor of a subject: its mean time per hop over the hop's duration of audio. */
  public double realTimeFactor(SubjectResult s) {
    return s.times().histograms().get(HopStage.HOP).getMean() / 1e9 / hopSeconds;
  }
}
