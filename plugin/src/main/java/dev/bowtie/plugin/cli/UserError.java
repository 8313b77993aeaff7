package dev.bowtie.plugin.cli;

/**
 * A failure caused by the user's input (a file, a device, a setting), reported as one line on
 * standard error with exit code 1 and no stack trace. The message names what is wrong and says what
 * to do.
 */
public final class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message one line naming the file, device or setting and what to do
   */
  public UserError(String message) {
    super(message);
  }

  /**
   * @param message one line naming the file, device or setting and what to do
   * @param cause the underlying exception, kept for debugging
   */
  public UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
