package dev.bowtie.plugin.jack;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Quiets libjack: by default it prints its own errors and notices to stderr ("Cannot connect to
 * server socket", ...), several lines for one failure that {@link JackHost} reports in one line.
 *
 * <p>Thread rules: {@link #silence} from any thread; idempotent.
 */
final class LibjackMessages {
  /** libjack's message hooks. */
  interface Hooks extends Library {
    void jack_set_error_function(MessageFunction function);

    void jack_set_info_function(MessageFunction function);
  }

  /** {@code void (*)(const char *)}. */
  interface MessageFunction extends Callback {
    void invoke(String message);
  }

  /** Held for as long as libjack may call it. */
  private static final MessageFunction DISCARD = message -> {};

  private static boolean silenced;

  private LibjackMessages() {}

  /** Sends libjack's messages nowhere; a missing libjack is reported by the caller. */
  static synchronized void silence() {
    if (!silenced) {
      Hooks hooks = Native.load("jack", Hooks.class);
      hooks.jack_set_error_function(DISCARD);
      hooks.jack_set_info_function(DISCARD);
      silenced = true;
    }
  }
}
