package dev.bowtie.plugin.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress bar on standard error: redrawn in place on a terminal, one line per step otherwise (a
 * log or a pipe gets every step, not carriage returns).
 *
 * <p>Thread rules: one thread.
 */
final class ProgressBar {
  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final boolean terminal = System.console() != null;

  ProgressBar(PrintWriter err) {
    this.err = err;
  }

  /**
   * @param done steps finished
   * @param total steps in all
   * @param step what runs now, or null when all are done
   */
  void update(int done, int total, String step) {
    int filled = total == 0 ? WIDTH : WIDTH * done / total;
    String line =
        String.format(
            Locale.ROOT,
            "bench latency [%s%s] %d/%d%s",
            "#".repeat(filled),
            "-".repeat(WIDTH - filled),
            done,
            total,
            step == null ? " done" : ", now " + step);
    if (terminal) {
      err.print("\r" + line + (step == null ? "\n" : ""));
    } else {
      err.println(line);
    }
    err.flush();
  }
}
