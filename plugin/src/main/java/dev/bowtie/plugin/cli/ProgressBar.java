package dev.bowtie.plugin.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress bar on standard error for a long measurement, drawn by its own daemon thread from a
 * counter the measuring thread only writes (so the measured thread never prints or allocates for
 * it). On a terminal it is one line redrawn in place; otherwise a line every few seconds.
 *
 * <p>Thread rules: {@link #start} and {@link #close} on the thread that owns it.
 */
final class ProgressBar implements AutoCloseable {
  private static final int WIDTH = 30;
  private static final long TERMINAL_MILLIS = 200;
  private static final long LOG_MILLIS = 5000;

  private final PrintWriter err;
  private final String label;
  private final LongSupplier done;
  private final LongSupplier total;
  private final boolean terminal;
  private final long start = System.nanoTime();
  private Thread thread;

  /**
   * @param err where it draws
   * @param label what is measured, before the bar
   * @param done how much is done so far, read from the bar's thread
   * @param total how much there is, read from the bar's thread (it may be known only once the work
   *     has started)
   * @param terminal true to redraw one line in place
   */
  ProgressBar(
      PrintWriter err, String label, LongSupplier done, LongSupplier total, boolean terminal) {
    this.err = err;
    this.label = label;
    this.done = done;
    this.total = total;
    this.terminal = terminal;
  }

  void start() {
    thread = new Thread(this::draw, "bowtie-progress");
    thread.setDaemon(true);
    thread.start();
  }

  private void draw() {
    long pause = terminal ? TERMINAL_MILLIS : LOG_MILLIS;
    try {
      while (true) {
        Thread.sleep(pause);
        print(done.getAsLong());
      }
    } catch (InterruptedException e) {
      // Closed: the last state is drawn by close().
    }
  }

  private synchronized void print(long now) {
    long all = total.getAsLong();
    int percent = (int) (100 * Math.min(now, all) / Math.max(1, all));
    double seconds = (System.nanoTime() - start) / 1e9;
    if (terminal) {
      int filled = percent * WIDTH / 100;
      err.printf(
          Locale.ROOT,
          "\r%s [%s%s] %3d%% %.0f s",
          label,
          "#".repeat(filled),
          "-".repeat(WIDTH - filled),
          percent,
          seconds);
    } else {
      err.printf(Locale.ROOT, "%s: %d%% (%.0f s)%n", label, percent, seconds);
    }
    err.flush();
  }

  @Override
  public void close() {
    if (thread == null) {
      return;
    }
    thread.interrupt();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (terminal) {
      print(done.getAsLong());
      err.println();
      err.flush();
    }
  }
}
