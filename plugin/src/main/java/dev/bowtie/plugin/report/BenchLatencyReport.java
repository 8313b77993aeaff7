package dev.bowtie.plugin.report;

import dev.bowtie.plugin.latency.ModeResult;
import dev.bowtie.plugin.latency.RunSetup;
import java.time.Instant;
import java.util.List;

/**
 * Writes a {@code bench latency} report into a {@link ReportFolder}: {@value #JSON} (every figure),
 * {@code index.html} (a page with the plots and tables) and the PNG plots. The JSON goes into place
 * last, so a report folder whose JSON is there is complete.
 *
 * <p>One thread. Draws with AWT in headless mode.
 */
public final class BenchLatencyReport {
  /** The JSON's file name. */
  public static final String JSON = "bench-latency.json";

  private BenchLatencyReport() {}

  /**
   * Writes the report and moves it into place.
   *
   * @param folder the prepared report folder
   * @param modes what the run measured, pass-through first
   * @param setup how it was set up
   * @param env where it ran
   * @param started when the probes started
   * @param ended when they ended
   * @throws ReportException when a file cannot be written
   */
  public static void write(
      ReportFolder folder,
      List<ModeResult> modes,
      RunSetup setup,
      RunEnvironment env,
      Instant started,
      Instant ended) {
    folder.write(
        List.of(
            new ReportFolder.Chart(
                "Round trip through the run",
                "timeline.png",
                png -> BenchLatencyCharts.timeline(modes, png)),
            new ReportFolder.Chart(
                "Spread of round trips per mode",
                "distribution.png",
                png -> BenchLatencyCharts.distribution(modes, png)),
            new ReportFolder.Chart(
                "Beside other voice changers' published figures",
                "comparison.png",
                png -> BenchLatencyCharts.comparison(modes, png))),
        drawn -> BenchLatencyHtml.of(modes, setup, env, started, drawn, JSON),
        JSON,
        drawn ->
            BenchLatencyJson.of(modes, setup, env, started, ended, ReportFolder.byFileName(drawn)));
  }
}
