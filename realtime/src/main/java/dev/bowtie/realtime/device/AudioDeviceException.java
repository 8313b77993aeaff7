package dev.bowtie.realtime.device;

/**
 * An audio device is missing, ambiguous, gone, or could not be opened. The message is one line
 * naming the device and why, ready to show the user; it names no command-line option, so the caller
 * adds the hint that fits ({@link #deviceMissing()} tells whether a different buffer could help at
 * all).
 */
public final class AudioDeviceException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean deviceMissing;

  /**
   * @param message one line naming the device and what is wrong
   * @param deviceMissing true when the sound server has no device of the name asked for
   * @param cause what Java Sound reported, kept for debugging
   */
  public AudioDeviceException(String message, boolean deviceMissing, Throwable cause) {
    super(message, cause);
    this.deviceMissing = deviceMissing;
  }

  /** True when the device does not exist, so no buffer size or format would open it. */
  public boolean deviceMissing() {
    return deviceMissing;
  }
}
