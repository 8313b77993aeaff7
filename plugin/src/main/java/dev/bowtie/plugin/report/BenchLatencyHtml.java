package dev.bowtie.plugin.report;

import static dev.bowtie.plugin.report.ReportHtml.cell;
import static dev.bowtie.plugin.report.ReportHtml.esc;

import dev.bowtie.plugin.latency.ModeResult;
import dev.bowtie.plugin.latency.RunSetup;
import dev.bowtie.plugin.latency.Spread;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML page of a {@code bench latency} report: the command, machine, date and settings, what
 * the figures mean, the plots, the figures per mode, and the other voice changers' published
 * figures with their sources.
 */
final class BenchLatencyHtml {
  private BenchLatencyHtml() {}

  /**
   * @param charts chart title to PNG file name, in the order to show them
   */
  static String of(
      List<ModeResult> modes,
      RunSetup setup,
      RunEnvironment env,
      Instant started,
      Map<String, String> charts,
      String jsonFile) {
    StringBuilder h = new StringBuilder();
    h.append(ReportHtml.head("bowtie bench latency"))
        .append(ReportHtml.environment(setup.command(), started, env))
        .append("<p>")
        .append(
            esc(
                String.format(
                    Locale.ROOT,
                    "Probes played on '%s' (%d Hz) came back through the loop on '%s' (%d Hz), %s"
                        + " backend, %d ms device buffers, real-time priority %s; %s synthesis;"
                        + " %d round%s of pass-through and then %s, %.1f s of probes asked for."
                        + " Round trips are timed on the capture device's clock.",
                    setup.output(),
                    setup.outputRateHz(),
                    setup.input(),
                    setup.inputRateHz(),
                    setup.backend(),
                    setup.bufferMillis(),
                    setup.realtimePriority() == 0 ? "off" : setup.realtimePriority(),
                    setup.synthesis(),
                    setup.rounds(),
                    setup.rounds() == 1 ? "" : "s",
                    String.join(", ", setup.voices()),
                    setup.seconds())))
        .append(" Every figure is in <a href=\"")
        .append(esc(jsonFile))
        .append("\">")
        .append(esc(jsonFile))
        .append("</a>.</p>\n<p>")
        .append(
            "<b>Added latency</b> is a voice's median click round trip minus pass-through's,"
                + " both measured in this run on one clock: the delay the voice itself puts"
                + " between your voice and what others hear. <b>Envelope lag</b> is how far the"
                + " spectral envelope of the speech that came back trails the sent speech's"
                + " beyond the click round trip: how much later the voice's timbre follows what"
                + " you say.")
        .append("</p>\n");
    h.append(ReportHtml.charts(charts));
    h.append("<h2>Per mode</h2>\n<table><tr><th>mode</th><th>clicks back</th>")
        .append("<th>median ms</th><th>p90 ms</th><th>p99 ms</th><th>max ms</th>")
        .append("<th>added ms</th><th>envelope lag ms</th><th>declared ms</th>")
        .append("<th>xruns</th><th>drift ppm</th></tr>\n");
    for (ModeResult m : modes) {
      Spread s = m.roundTrip();
      h.append("<tr>")
          .append(cell(m.mode()))
          .append(cell(m.roundTripsMillis().size() + "/" + m.probesSent()))
          .append(cell(ms(s == null ? Double.NaN : s.median())))
          .append(cell(ms(s == null ? Double.NaN : s.p90())))
          .append(cell(ms(s == null ? Double.NaN : s.p99())))
          .append(cell(ms(s == null ? Double.NaN : s.max())))
          .append(cell(ms(m.addedMillis(modes))))
          .append(cell(ms(m.envelopeLagMillis())))
          .append(cell(ms(m.algorithmicLatencyMillis())))
          .append(cell(Long.toString(m.xruns())))
          .append(cell(ms(m.driftPpm())))
          .append("</tr>\n");
    }
    h.append("</table>\n<h2>Other voice changers, as published by their authors</h2>\n<p>")
        .append(
            "These are their authors' own figures, not measured here: on other hardware, and"
                + " some are a model's algorithmic delay while others are end to end through a"
                + " particular audio interface. They are context for Bowtie's round trips above,"
                + " not a like-for-like comparison.")
        .append("</p>\n<table><tr><th>voice changer</th><th>published latency</th>")
        .append("<th>where it was published</th></tr>\n");
    for (PublishedLatency p : PublishedLatency.ALL) {
      h.append("<tr>")
          .append(cell(p.project()))
          .append(cell(p.claim()))
          .append(cell(p.source()))
          .append("</tr>\n");
    }
    h.append("</table>\n</body></html>\n");
    return h.toString();
  }

  /** A figure in ms, or a dash where it could not be measured. */
  private static String ms(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "–";
  }
}
