package dev.bowtie.realtime.device;

/**
 * Another process holds the devices Bowtie was asked to use ({@link DeviceLock}). The message is
 * one line naming that process, ready to show the user.
 */
public final class DeviceInUseException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * @param message one line naming the other process and what to do
   */
  public DeviceInUseException(String message) {
    super(message);
  }
}
