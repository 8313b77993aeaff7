package dev.bowtie.realtime.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A folder for a run's outputs, created (with its missing parents) only for this run: unless the
 * run {@link #keep keeps} it, {@link #close()} removes the folders it created, so a failed run
 * leaves no new empty folder. A shutdown hook does the same on Ctrl-C or {@code SIGTERM}; only
 * {@code kill -9} can leave an empty folder behind.
 *
 * <p>Not thread-safe: one thread creates, keeps and closes it.
 */
public final class OutputFolder implements AutoCloseable {
  private final Path folder;
  private final List<Path> created;
  private final Thread cleanup;
  private boolean kept;

  private OutputFolder(Path folder, List<Path> created) {
    this.folder = folder;
    this.created = created;
    this.cleanup = new Thread(this::removeCreated, "bowtie-folder-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
  }

  /**
   * Uses an existing folder or creates it with its missing parents.
   *
   * @param folder the folder
   * @return the folder, to close when the run ends
   * @throws AudioFileException if it is a file or cannot be created
   */
  public static OutputFolder create(Path folder) throws AudioFileException {
    List<Path> missing = new ArrayList<>();
    for (Path p = folder.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
      missing.add(p);
    }
    List<Path> created = new ArrayList<>();
    try {
      for (int i = missing.size() - 1; i >= 0; i--) {
        created.add(0, Files.createDirectory(missing.get(i)));
      }
      if (!Files.isDirectory(folder)) {
        throw new AudioFileException(
            folder, "is a file, not a folder; choose another output folder");
      }
    } catch (IOException e) {
      removeEmpty(created);
      throw new AudioFileException(
          folder,
          "cannot create the output folder ("
              + AudioFileException.reason(e)
              + "); choose another output folder",
          e);
    }
    return new OutputFolder(folder, created);
  }

  /** The folder. */
  public Path path() {
    return folder;
  }

  /** True when this run created the folder, so everything in it is this run's. */
  public boolean isNew() {
    return !created.isEmpty();
  }

  /** The run succeeded: the folder stays. */
  public void keep() {
    kept = true;
  }

  /** Removes the folders this run created unless kept; a folder that is not empty stays. */
  @Override
  public void close() {
    if (!kept) {
      removeCreated();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException e) {
      // The JVM is shutting down and runs the hook itself.
    }
  }

  private void removeCreated() {
    if (!kept) {
      removeEmpty(created);
    }
  }

  /** Deletes folders, innermost first, stopping at the first that is not empty. */
  private static void removeEmpty(List<Path> innermostFirst) {
    for (Path p : innermostFirst) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        return;
      }
    }
  }
}
