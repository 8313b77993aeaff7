package dev.bowtie.plugin.control;

/**
 * Remote control could not start or reach a running Bowtie. The message is one line naming the
 * socket or folder and what to do.
 */
public final class ControlException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * @param message one line naming the socket or folder and what to do
   */
  public ControlException(String message) {
    super(message);
  }

  /**
   * @param message one line naming the socket or folder and what to do
   * @param cause the underlying failure, kept for debugging
   */
  public ControlException(String message, Throwable cause) {
    super(message, cause);
  }
}
