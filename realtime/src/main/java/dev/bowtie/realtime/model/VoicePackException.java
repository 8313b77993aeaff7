package dev.bowtie.realtime.model;

/**
 * A voice pack that cannot be used: missing or changed file, invalid JSON, tensors or analysis
 * settings that do not match, an unknown speaker. The message is one line that names the file and
 * the mismatch and says what to do; the command line prints it as is.
 */
public final class VoicePackException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message one line naming the file and the mismatch
   */
  public VoicePackException(String message) {
    super(message);
  }

  /**
   * @param message one line naming the file and the mismatch
   * @param cause the underlying failure, kept for debugging
   */
  public VoicePackException(String message, Throwable cause) {
    super(message, cause);
  }
}
