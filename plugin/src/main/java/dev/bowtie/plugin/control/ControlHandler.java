package dev.bowtie.plugin.control;

/**
 * Answers one control line, such as {@code bypass toggle}, with one line of reply. Called on the
 * control server's thread, one line at a time; it must not block for long, and a {@link
 * RuntimeException} it throws becomes an {@code error: ...} reply.
 */
@FunctionalInterface
public interface ControlHandler {
  /**
   * @param line the request, without its newline and surrounding blanks
   * @return the reply, one line; null for a plain {@code ok}
   */
  String handle(String line);
}
