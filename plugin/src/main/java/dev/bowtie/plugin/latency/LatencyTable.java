package dev.bowtie.plugin.latency;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * A finished latency run as the console table. A figure that could not be measured is a dash, never
 * NaN.
 *
 * <p>Stateless; any thread.
 */
public final class LatencyTable {
  private LatencyTable() {}

  /**
   * Prints one row per mode: round trip median, p90, p99 and max, the latency added against
   * pass-through, the speech envelope lag, xruns and drift.
   */
  public static void print(List<ModeResult> modes, RunSetup setup, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "bench latency: '%s' (%d Hz) -> your loop -> '%s' (%d Hz), %s backend, %d ms buffers,"
            + " %d round%s; round trips on the capture clock%n",
        setup.output(),
        setup.outputRateHz(),
        setup.input(),
        setup.inputRateHz(),
        setup.backend(),
        setup.bufferMillis(),
        setup.rounds(),
        setup.rounds() == 1 ? "" : "s");
    out.println(
        "mode           clicks  median ms  p90 ms  p99 ms  max ms  added ms  envelope lag ms"
            + "  xruns  drift ppm");
    for (ModeResult m : modes) {
      Spread s = m.roundTrip();
      out.printf(
          Locale.ROOT,
          "%-13s  %3d/%-3d %9s  %6s  %6s  %6s  %8s  %15s  %5d  %9s%n",
          m.mode(),
          m.roundTripsMillis().size(),
          m.probesSent(),
          num(s == null ? Double.NaN : s.median()),
          num(s == null ? Double.NaN : s.p90()),
          num(s == null ? Double.NaN : s.p99()),
          num(s == null ? Double.NaN : s.max()),
          m.isPassThrough() ? "" : num(m.addedMillis(modes)),
          num(m.envelopeLagMillis()),
          m.xruns(),
          num(m.driftPpm()));
    }
    out.println(
        "(added = median minus pass-through's; envelope lag = how far the returned speech's"
            + " spectral envelope trails the sent speech's beyond the click round trip)");
    out.flush();
  }

  private static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "-";
  }
}
