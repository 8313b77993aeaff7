package dev.bowtie.realtime.audio;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * A file Bowtie was asked to read or write cannot be used: it is missing, is not a supported WAV,
 * is damaged, or cannot be written. The message is one line that names the file, says what is wrong
 * and what to do, ready to show the user as it is (the CLI turns it into a {@code UserError}).
 */
public final class AudioFileException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /**
   * @param file the file that cannot be used
   * @param problem what is wrong and what to do, without the file name
   */
  public AudioFileException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  /**
   * @param file the file that cannot be used
   * @param problem what is wrong and what to do, without the file name
   * @param cause the underlying exception, kept for debugging
   */
  public AudioFileException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /** The file that cannot be used, as the caller named it. */
  public Path file() {
    return file;
  }

  /**
   * What went wrong in an I/O failure, in words for the user: the operating system's reason, never
   * an exception's class name nor the file name again (a {@link FileSystemException} without a
   * reason would otherwise repeat its file name as its message).
   *
   * @param e the failure
   * @return a short lower-case phrase such as "no space left on device"
   */
  public static String reason(IOException e) {
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "it already exists";
    }
    if (e instanceof NotDirectoryException) {
      return "a part of the path is not a directory";
    }
    if (e instanceof DirectoryNotEmptyException) {
      return "the directory is not empty";
    }
    if (e instanceof FileSystemException || e.getMessage() == null) {
      return "input/output error";
    }
    return e.getMessage();
  }
}
