package dev.bowtie.plugin.latency;

/**
 * A latency run could not finish: no probe came back through the loop, or a device stopped. The
 * message is one line naming the device and what to check, ready to show the user.
 */
public final class LatencyRunException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * @param message one line naming the device and what to check
   */
  public LatencyRunException(String message) {
    super(message);
  }
}
