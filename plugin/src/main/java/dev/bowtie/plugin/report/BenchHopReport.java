package dev.bowtie.plugin.report;

import dev.bowtie.realtime.bench.HopBenchResult;
import dev.bowtie.realtime.bench.SubjectResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@code bench hop} report into a {@link ReportFolder}: {@value #JSON} (every figure),
 * {@code index.html} (a page with the plots and tables) and the PNG plots. The JSON goes into place
 * last, so a report folder whose JSON is there is complete.
 *
 * <p>One thread. Draws with AWT in headless mode.
 */
public final class BenchHopReport {
  /** The JSON's file name. */
  public static final String JSON = "bench-hop.json";

  private BenchHopReport() {}

  /**
   * Writes the report and moves it into place.
   *
   * @param folder the prepared report folder
   * @param r what the run measured
   * @param env where it ran
   * @param settings its settings
   * @param date when it ran
   * @throws ReportException when a file cannot be written
   */
  public static void write(
      ReportFolder folder,
      HopBenchResult r,
      RunEnvironment env,
      BenchHopSettings settings,
      Instant date) {
    List<ReportFolder.Chart> charts = new ArrayList<>();
    charts.add(
        new ReportFolder.Chart(
            "Voices and baselines", "comparison.png", png -> BenchHopCharts.comparison(r, png)));
    charts.add(
        new ReportFolder.Chart(
            "Time per hop through the run",
            "timeline.png",
            png -> BenchHopCharts.timeline(r, png)));
    for (SubjectResult s : r.subjects()) {
      if (s.times().histograms().size() > 1) {
        String name = "stages-" + s.name().replaceAll("[^A-Za-z0-9._-]", "_") + ".png";
        charts.add(
            new ReportFolder.Chart(
                "Stages of " + s.name(), name, png -> BenchHopCharts.stages(s, png)));
      }
    }
    folder.write(
        charts,
        drawn -> BenchHopHtml.of(r, env, settings, date, drawn, JSON),
        JSON,
        drawn -> BenchHopJson.of(r, env, settings, date, ReportFolder.byFileName(drawn)));
  }
}
