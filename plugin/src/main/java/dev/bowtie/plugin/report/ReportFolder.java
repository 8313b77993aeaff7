package dev.bowtie.plugin.report;

import dev.bowtie.realtime.audio.AudioFileException;
import dev.bowtie.realtime.audio.OutputFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a report is written so that it only ever looks finished when it is: the files go into a
 * hidden folder beside the report folder, made before the run (so an unwritable place fails before
 * any measuring), and {@link #commit} moves them in when all are written, the JSON last. A run that
 * fails leaves nothing behind: not the hidden folder, nor the report folder when this run made it.
 * A run cut short (Ctrl-C) may leave the hidden folder, never a half report.
 *
 * <p>Not thread-safe: one thread prepares, writes, commits or discards.
 */
public final class ReportFolder implements AutoCloseable {
  /** The page's file name in every report. */
  public static final String PAGE = "index.html";

  /** Draws one chart into a PNG file. */
  @FunctionalInterface
  interface Drawing {
    /**
     * @param png where the chart goes
     * @throws IOException when it cannot be written
     */
    void to(Path png) throws IOException;
  }

  /**
   * One chart of a report.
   *
   * @param title what the page calls it
   * @param png its file name
   * @param drawing draws it
   */
  record Chart(String title, String png, Drawing drawing) {}

  /** Makes a text file (the page, the JSON) once the charts are drawn. */
  @FunctionalInterface
  interface Text {
    /**
     * @param charts the charts drawn, title to file name, in order
     * @return the file's text
     */
    String of(Map<String, String> charts);
  }

  private final OutputFolder made;
  private final Path target;
  private final Path staging;
  private boolean committed;

  private ReportFolder(OutputFolder made, Path target, Path staging) {
    this.made = made;
    this.target = target;
    this.staging = staging;
  }

  /**
   * Writes a whole report and moves it into place: the charts, then the page, then the JSON, so a
   * folder whose JSON is there is complete.
   *
   * @param charts the charts, in the order the page shows them
   * @param page the page, given the charts drawn
   * @param jsonName the JSON's file name
   * @param json the JSON, given the charts drawn
   * @throws ReportException when a file cannot be written
   */
  void write(List<Chart> charts, Text page, String jsonName, Text json) {
    System.setProperty("java.awt.headless", "true");
    Map<String, String> drawn = new LinkedHashMap<>();
    List<String> files = new ArrayList<>();
    try {
      for (Chart chart : charts) {
        chart.drawing().to(file(chart.png()));
        drawn.put(chart.title(), chart.png());
      }
      files.addAll(drawn.values());
      Files.writeString(file(PAGE), page.of(drawn), StandardCharsets.UTF_8);
      files.add(PAGE);
      Files.writeString(file(jsonName), json.of(drawn), StandardCharsets.UTF_8);
      files.add(jsonName);
    } catch (IOException e) {
      throw new ReportException(
          target + ": cannot write the report (" + AudioFileException.reason(e) + ")", e);
    }
    commit(files);
  }

  /**
   * @param drawn charts by title, as {@link Text} gets them
   * @return the same charts keyed as the JSON names them: by file name without {@code .png}
   */
  static Map<String, String> byFileName(Map<String, String> drawn) {
    Map<String, String> keyed = new LinkedHashMap<>();
    for (String png : drawn.values()) {
      keyed.put(png.substring(0, png.length() - ".png".length()), png);
    }
    return keyed;
  }

  /**
   * @return the report's page, where it will be once committed
   */
  public Path page() {
    return target.resolve(PAGE);
  }

  /**
   * Checks that {@code folder} can hold a report and makes the hidden folder beside it.
   *
   * @param folder the report folder; made if missing
   * @throws ReportException naming the folder when it cannot be written
   */
  public static ReportFolder prepare(Path folder) {
    Path target = folder.toAbsolutePath().normalize();
    if (Files.exists(target) && !Files.isDirectory(target)) {
      throw new ReportException(
          folder + ": is a file, not a folder; choose another report folder", null);
    }
    OutputFolder made;
    try {
      made = OutputFolder.create(target);
    } catch (AudioFileException e) {
      throw unwritable(folder, e.getCause() instanceof IOException io ? io : null, e);
    }
    try {
      Path probe = Files.createTempFile(target, ".bowtie-probe", ".tmp");
      Files.delete(probe);
      Path staging =
          Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".partial-");
      return new ReportFolder(made, target, staging);
    } catch (IOException e) {
      made.close();
      throw unwritable(folder, e, e);
    }
  }

  private static ReportException unwritable(Path folder, IOException reason, Exception cause) {
    return new ReportException(
        folder
            + ": cannot write a report there ("
            + (reason == null ? "not a folder" : AudioFileException.reason(reason))
            + "); choose a writable report folder",
        cause);
  }

  /** The report folder. */
  public Path target() {
    return target;
  }

  /** Where to write file {@code name} before {@link #commit}. */
  Path file(String name) {
    return staging.resolve(name);
  }

  /**
   * Moves the written files into the report folder, replacing a previous report's, in the order
   * given: put the file that marks a finished report last.
   *
   * @param names the files written, in the order to move them
   * @throws ReportException when a file cannot be moved
   */
  void commit(List<String> names) {
    try {
      for (String name : names) {
        Files.move(
            staging.resolve(name),
            target.resolve(name),
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      }
      committed = true;
      made.keep();
    } catch (IOException e) {
      throw new ReportException(
          target + ": cannot move the report into place (" + AudioFileException.reason(e) + ")", e);
    } finally {
      removeStaging();
    }
  }

  /**
   * Unless the report was committed, removes the hidden folder, and the report folder with its
   * missing parents when this run made them.
   */
  @Override
  public void close() {
    if (!committed) {
      removeStaging();
    }
    made.close();
  }

  private void removeStaging() {
    try (Stream<Path> files = Files.walk(staging)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // A hidden leftover does not look like a report; nothing more to do.
    }
  }
}
