package dev.bowtie.plugin.report;

import static dev.bowtie.plugin.report.ReportHtml.cell;
import static dev.bowtie.plugin.report.ReportHtml.esc;

import dev.bowtie.realtime.bench.GcPause;
import dev.bowtie.realtime.bench.HopBenchResult;
import dev.bowtie.realtime.bench.HopStage;
import dev.bowtie.realtime.bench.SubjectResult;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The HTML page of a {@code bench hop} report: the plots first, then the figures in tables. */
final class BenchHopHtml {
  private BenchHopHtml() {}

  /**
   * @param charts chart title to PNG file name, in the order to show them
   */
  static String of(
      HopBenchResult r,
      RunEnvironment env,
      BenchHopSettings settings,
      Instant date,
      Map<String, String> charts,
      String jsonFile) {
    StringBuilder h = new StringBuilder();
    h.append(ReportHtml.head("bowtie bench hop"))
        .append(ReportHtml.environment(settings.command(), date, env))
        .append("<p>")
        .append(
            esc(
                String.format(
                    Locale.ROOT,
                    "%d hops of %.0f ms (%.1f s of the bundled speech) per voice and baseline, after"
                        + " %.1f s of warm-up, interleaved hop by hop on one thread; %s synthesis;"
                        + " hops in and out at %d Hz, the engine at %d Hz.",
                    r.hops(),
                    r.hopSeconds() * 1000,
                    r.hops() * r.hopSeconds(),
                    settings.warmUpSeconds(),
                    settings.synthesis(),
                    settings.deviceRateHz(),
                    settings.modelRateHz())))
        .append(" Every figure is in <a href=\"")
        .append(esc(jsonFile))
        .append("\">")
        .append(esc(jsonFile))
        .append("</a>.</p>\n");
    h.append(ReportHtml.charts(charts));
    h.append("<h2>Whole hop</h2>\n<table><tr><th>voice or baseline</th><th>kind</th>")
        .append("<th>p50 µs</th><th>p90 µs</th><th>p99 µs</th><th>p99.9 µs</th><th>max µs</th>")
        .append("<th>real-time factor</th><th>bytes/hop</th><th>dry</th></tr>\n");
    for (SubjectResult s : r.subjects()) {
      Histogram hop = s.times().histograms().get(HopStage.HOP);
      h.append("<tr><td>")
          .append(esc(s.name()))
          .append("</td><td>")
          .append(esc(s.kind()))
          .append("</td>")
          .append(quantileCells(hop))
          .append(cell(String.format(Locale.ROOT, "%.4f", r.realTimeFactor(s))))
          .append(cell(String.format(Locale.ROOT, "%.1f", s.bytesPerHop())))
          .append(cell(Long.toString(s.faults())))
          .append("</tr>\n");
    }
    h.append("</table>\n");
    if (r.sptk().skipped() == null) {
      h.append(
          esc(
              String.format(
                  Locale.ROOT,
                  "SPTK's command-line pipeline over the same audio: %.1f µs per hop of audio on"
                      + " average (real-time factor %.4f), processes' start-up included.",
                  r.sptk().meanNanosPerHop() / 1000,
                  r.sptk().meanNanosPerHop() / 1e9 / r.hopSeconds())));
    } else {
      h.append("SPTK baseline skipped: ").append(esc(r.sptk().skipped()));
    }
    h.append("<br><code>").append(esc(r.sptk().pipeline())).append("</code>\n");
    for (SubjectResult s : r.subjects()) {
      if (s.times().histograms().size() <= 1) {
        continue;
      }
      h.append("<h2>Stages of ")
          .append(esc(s.name()))
          .append("</h2>\n<table><tr><th>stage</th><th>p50 µs</th><th>p90 µs</th><th>p99 µs</th>")
          .append("<th>p99.9 µs</th><th>max µs</th></tr>\n");
      for (Map.Entry<HopStage, Histogram> e : s.times().histograms().entrySet()) {
        h.append("<tr><td>")
            .append(esc(e.getKey().key()))
            .append("</td>")
            .append(quantileCells(e.getValue()))
            .append("</tr>\n");
      }
      h.append("</table>\n");
    }
    h.append("<h2>Garbage collection</h2>\n<p>");
    List<GcPause> pauses = r.gcPauses();
    if (pauses.isEmpty()) {
      h.append("No pause while the hops were measured.");
    } else {
      double total = pauses.stream().mapToDouble(GcPause::millis).sum();
      double max = pauses.stream().mapToDouble(GcPause::millis).max().orElse(0);
      h.append(
          esc(
              String.format(
                  Locale.ROOT,
                  "%d pauses, %.1f ms in all, the longest %.1f ms.",
                  pauses.size(),
                  total,
                  max)));
    }
    h.append("</p>\n</body></html>\n");
    return h.toString();
  }

  private static String quantileCells(Histogram h) {
    StringBuilder b = new StringBuilder();
    for (double q : new double[] {50, 90, 99, 99.9}) {
      b.append(cell(micros(h.getValueAtPercentile(q))));
    }
    return b.append(cell(micros(h.getMaxValue()))).toString();
  }

  private static String micros(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1000.0);
  }
}
