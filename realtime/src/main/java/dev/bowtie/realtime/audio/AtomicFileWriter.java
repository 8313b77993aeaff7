package dev.bowtie.realtime.audio;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file all at once or not at all: the bytes go to a hidden temporary file in the target's
 * directory, are flushed to disk, and the temporary file is then renamed over the target in one
 * atomic step. On any failure the temporary file is deleted, so a reader never sees a half-written
 * output and a failed run leaves nothing behind (an existing target stays as it was).
 *
 * <p>Stateless and thread-safe; two writers racing for one target leave one complete file.
 */
public final class AtomicFileWriter {

  /** Produces the content of the file. */
  @FunctionalInterface
  public interface Content {
    /**
     * Writes the whole content; the stream is buffered and closed by the caller.
     *
     * @param out where the bytes go
     * @throws IOException if writing fails; the output is then abandoned
     */
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFileWriter() {}

  /**
   * Writes {@code target} atomically.
   *
   * @param target the file to create or replace
   * @param content writes the bytes
   * @throws AudioFileException if the directory is missing or not writable, the target is a
   *     directory, or writing fails (disk full, I/O error); nothing is left behind
   */
  public static void write(Path target, Content content) throws AudioFileException {
    Path absolute = target.toAbsolutePath();
    Path directory = absolute.getParent();
    if (Files.isDirectory(absolute)) {
      throw new AudioFileException(target, "is a directory; give a file name for the output");
    }
    if (directory == null || !Files.isDirectory(directory)) {
      throw new AudioFileException(
          target,
          "cannot be written: directory "
              + directory
              + " does not exist; create it or choose another output path");
    }
    Path temporary = directory.resolve(temporaryName(absolute));
    boolean created = false;
    boolean renamed = false;
    try {
      try (FileChannel channel =
          FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        created = true;
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        content.writeTo(out);
        out.flush();
        channel.force(true);
      }
      Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE);
      renamed = true;
    } catch (AccessDeniedException e) {
      throw new AudioFileException(
          target,
          "cannot be written: directory "
              + directory
              + " is not writable; choose another output path",
          e);
    } catch (FileSystemException e) {
      String reason = e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
      throw new AudioFileException(
          target, "cannot be written (" + reason + "); choose another output path", e);
    } catch (IOException e) {
      throw new AudioFileException(
          target,
          "cannot be written (" + e.getMessage() + "); check free disk space and try again",
          e);
    } finally {
      if (created && !renamed) {
        deleteQuietly(temporary);
      }
    }
  }

  private static String temporaryName(Path target) {
    return "."
        + target.getFileName()
        + "."
        + Long.toHexString(ThreadLocalRandom.current().nextLong())
        + ".part";
  }

  private static void deleteQuietly(Path temporary) {
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException e) {
      // The write already failed and that failure is what the user must see; a leftover hidden
      // .part file is the lesser problem and is named by its prefix.
    }
  }
}
