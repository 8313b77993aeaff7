package dev.bowtie.plugin.report;

import dev.bowtie.realtime.audio.AudioFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a report is written so that it only ever looks finished when it is: the files go into a
 * hidden folder beside the report folder, made before the run (so an unwritable place fails before
 * any measuring), and {@link #commit} moves them in when all are written, the JSON last. A run that
 * fails or is cut short leaves at most that hidden folder, never a half report.
 *
 * <p>Not thread-safe: one thread prepares, writes, commits or discards.
 */
public final class ReportFolder implements AutoCloseable {
  private final Path target;
  private final Path staging;
  private boolean committed;

  private ReportFolder(Path target, Path staging) {
    this.target = target;
    this.staging = staging;
  }

  /**
   * Checks that {@code folder} can hold a report and makes the hidden folder beside it.
   *
   * @param folder the report folder; made if missing
   * @throws ReportException naming the folder when it cannot be written
   */
  public static ReportFolder prepare(Path folder) {
    Path target = folder.toAbsolutePath().normalize();
    Path parent = target.getParent();
    try {
      if (Files.exists(target) && !Files.isDirectory(target)) {
        throw new ReportException(
            folder + ": is a file, not a folder; choose another report folder", null);
      }
      Files.createDirectories(target);
      Path probe = Files.createTempFile(target, ".bowtie-probe", ".tmp");
      Files.delete(probe);
      Path staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".partial-");
      return new ReportFolder(target, staging);
    } catch (IOException e) {
      throw new ReportException(
          folder
              + ": cannot write a report there ("
              + AudioFileException.reason(e)
              + "); choose a writable report folder",
          e);
    }
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
    } catch (IOException e) {
      throw new ReportException(
          target + ": cannot move the report into place (" + AudioFileException.reason(e) + ")", e);
    } finally {
      removeStaging();
    }
  }

  /** Removes the hidden folder unless the report was committed (then there is nothing left). */
  @Override
  public void close() {
    if (!committed) {
      removeStaging();
    }
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
