package dev.bowtie.plugin.pulse;

/**
 * A sound-server failure or refusal, with a one-line message fit for a user: it names the device,
 * module or setting and says what to do, and never names a Java class. No server, a missing client
 * library, a device name already taken and a lost connection all arrive as this type.
 */
public class PulseException extends Exception {
  /**
   * @param message one line, for the user
   */
  public PulseException(String message) {
    super(message);
  }
}
