package dev.bowtie.realtime.audio;

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
}
