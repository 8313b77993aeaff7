package dev.bowtie.plugin.jack;

/**
 * A JACK failure or refusal, with a one-line message fit for a user: it names the server, port or
 * setting and says what to do, and never names a Java class. No server, a missing libjack, a client
 * name already taken and a port that cannot be connected all arrive as this type.
 */
public class JackHostException extends Exception {
  /**
   * @param message one line, for the user
   */
  public JackHostException(String message) {
    super(message);
  }
}
