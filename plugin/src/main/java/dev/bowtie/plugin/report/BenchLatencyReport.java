package dev.bowtie.plugin.report;

import dev.bowtie.plugin.latency.ModeResult;
import dev.bowtie.plugin.latency.RunSetup;
import dev.bowtie.realtime.audio.AudioFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@code bench latency} report into a {@link ReportFolder}: {@value #JSON} (every figure),
 * {@value #HTML} (a page with the plots and tables) and the PNG plots. The JSON goes into place
 * last, so a report folder whose JSON is there is complete.
 *
 * <p>One thread. Draws with AWT in headless mode.
 */
public final class BenchLatencyReport {
  /** The JSON's file name. */
  public static final String JSON = "bench-latency.json";

  /** The page's file name. */
  public static final String HTML = "index.html";

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
    System.setProperty("java.awt.headless", "true");
    Map<String, String> charts = new LinkedHashMap<>();
    List<String> files = new ArrayList<>();
    try {
      charts.put("Round trip through the run", "timeline.png");
      BenchLatencyCharts.timeline(modes, folder.file("timeline.png"));
      charts.put("Spread of round trips per mode", "distribution.png");
      BenchLatencyCharts.distribution(modes, folder.file("distribution.png"));
      charts.put("Beside other voice changers' published figures", "comparison.png");
      BenchLatencyCharts.comparison(modes, folder.file("comparison.png"));
      files.addAll(charts.values());
      Files.writeString(
          folder.file(HTML),
          BenchLatencyHtml.of(modes, setup, env, started, charts, JSON),
          StandardCharsets.UTF_8);
      files.add(HTML);
      Map<String, String> chartFiles = new LinkedHashMap<>();
      for (String png : charts.values()) {
        chartFiles.put(png.substring(0, png.length() - ".png".length()), png);
      }
      Files.writeString(
          folder.file(JSON),
          BenchLatencyJson.of(modes, setup, env, started, ended, chartFiles),
          StandardCharsets.UTF_8);
      files.add(JSON);
    } catch (IOException e) {
      throw new ReportException(
          folder.target() + ": cannot write the report (" + AudioFileException.reason(e) + ")", e);
    }
    folder.commit(files);
  }

  /** The report's page inside {@code folder}. */
  public static Path page(ReportFolder folder) {
    return folder.target().resolve(HTML);
  }
}
