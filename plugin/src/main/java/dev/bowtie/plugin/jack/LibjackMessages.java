package dev.bowtie.plugin.jack;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Quiets libjack: by default it prints its own errors and notices to stderr ("Cannot connect to
 * server socket", ...), several lines for one failure that {@link JackHost} reports in one line.
 * The hook set is libc's {@code strlen}, a native function that reads the message and has no
 * effect: a Java callback there would run on libjack's threads, which libjack cancels at close.
 *
 * <p>Thread rules: {@link #silence} from any thread; idempotent.
 */
final class LibjackMessages {
  /** libjack's message hooks, each taking a {@code void (*)(const char *)}. */
  interface Hooks extends Library {
    void jack_set_error_function(Pointer function);

    void jack_set_info_function(Pointer function);
  }

  private static boolean silenced;

  private LibjackMessages() {}

  /** Sends libjack's messages nowhere; a missing libjack is reported by the caller. */
  static synchronized void silence() {
    if (!silenced) {
      Hooks hooks = Native.load("jack", Hooks.class);
      Function discard = Function.getFunction("c", "strlen");
      hooks.jack_set_error_function(discard);
      hooks.jack_set_info_function(discard);
      silenced = true;
    }
  }
}
