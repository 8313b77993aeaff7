package dev.bowtie.plugin.report;

import dev.bowtie.realtime.audio.AudioFileException;
import dev.bowtie.realtime.bench.HopBenchResult;
import dev.bowtie.realtime.bench.SubjectResult;
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
 * Writes a {@code bench hop} report into a {@link ReportFolder}: {@value #JSON} (every figure),
 * {@value #HTML} (a page with the plots and tables) and the PNG plots. The JSON goes into place
 * last, so a report folder whose JSON is there is complete.
 *
 * <p>One thread. Draws with AWT in headless mode.
 */
public final class BenchHopReport {
  /** The JSON's file name. */
  public static final String JSON = "bench-hop.json";

  /** The page's file name. */
  public static final String HTML = "index.html";

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
    System.setProperty("java.awt.headless", "true");
    Map<String, String> charts = new LinkedHashMap<>();
    List<String> files = new ArrayList<>();
    try {
      charts.put("Voices and baselines", "comparison.png");
      BenchHopCharts.comparison(r, folder.file("comparison.png"));
      charts.put("Time per hop through the run", "timeline.png");
      BenchHopCharts.timeline(r, folder.file("timeline.png"));
      for (SubjectResult s : r.subjects()) {
        if (s.times().histograms().size() > 1) {
          String png = "stages-" + s.name().replaceAll("[^A-Za-z0-9._-]", "_") + ".png";
          charts.put("Stages of " + s.name(), png);
          BenchHopCharts.stages(s, folder.file(png));
        }
      }
      files.addAll(charts.values());
      Files.writeString(
          folder.file(HTML),
          BenchHopHtml.of(r, env, settings, date, charts, JSON),
          StandardCharsets.UTF_8);
      files.add(HTML);
      Map<String, String> chartFiles = new LinkedHashMap<>();
      for (Map.Entry<String, String> c : charts.entrySet()) {
        chartFiles.put(key(c.getValue()), c.getValue());
      }
      Files.writeString(
          folder.file(JSON),
          BenchHopJson.of(r, env, settings, date, chartFiles),
          StandardCharsets.UTF_8);
      files.add(JSON);
    } catch (IOException e) {
      throw new ReportException(
          folder.target() + ": cannot write the report (" + AudioFileException.reason(e) + ")", e);
    }
    folder.commit(files);
  }

  /** A chart's key in the JSON: its file name without {@code .png}. */
  private static String key(String png) {
    return png.substring(0, png.length() - ".png".length());
  }

  /** The report's page inside {@code folder}. */
  public static Path page(ReportFolder folder) {
    return folder.target().resolve(HTML);
  }
}
