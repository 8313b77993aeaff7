package dev.bowtie.plugin.latency;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A finished latency run in its two forms: the console table and the JSON report whose schema is
 * {@code docs/schemas/bench-latency.schema.json}. A figure that could not be measured is null in
 * JSON and a dash in the table, never NaN.
 *
 * <p>Stateless; any thread.
 */
public final class LatencyReport {
  /** The schema the JSON follows; its version goes into every report. */
  public static final String SCHEMA = "bowtie-bench-latency/1";

  private LatencyReport() {}

  /**
   * Prints one row per mode: round trip median, p90, p99 and max, the latency added against
   * pass-through, the speech envelope lag, xruns and drift.
   */
  public static void printTable(List<ModeResult> modes, RunSetup setup, PrintWriter out) {
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
    double base = baseMedian(modes);
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
          m.mode().equals(LatencyRun.PASS_THROUGH)
              ? ""
              : num(s == null ? Double.NaN : s.median() - base),
          num(m.envelopeLagMillis()),
          m.xruns(),
          num(m.driftPpm()));
    }
    out.println(
        "(added = median minus pass-through's; envelope lag = how far the returned speech's"
            + " spectral envelope trails the sent speech's beyond the click round trip)");
    out.flush();
  }

  /**
   * @return the report as pretty-printed JSON
   */
  public static String toJson(
      List<ModeResult> modes, RunSetup setup, Machine machine, Instant started, Instant ended) {
    JsonObject root = new JsonObject();
    root.addProperty("schema", SCHEMA);
    root.addProperty("bowtieVersion", setup.bowtieVersion());
    root.addProperty("started", started.toString());
    root.addProperty("ended", ended.toString());
    root.addProperty("completed", true);
    JsonObject m = new JsonObject();
    m.addProperty("cpu", machine.cpu());
    m.addProperty("cores", machine.cores());
    m.addProperty("os", machine.os());
    m.addProperty("jvm", machine.jvm());
    root.add("machine", m);
    JsonObject s = new JsonObject();
    s.addProperty("backend", setup.backend());
    s.add("input", device(setup.input(), setup.inputRateHz()));
    s.add("output", device(setup.output(), setup.outputRateHz()));
    s.addProperty("bufferMs", setup.bufferMillis());
    s.addProperty("synthesis", setup.synthesis());
    JsonArray voices = new JsonArray();
    setup.voices().forEach(voices::add);
    s.add("voices", voices);
    s.addProperty("seconds", setup.seconds());
    s.addProperty("rounds", setup.rounds());
    s.addProperty("rtPriority", setup.realtimePriority());
    s.addProperty("maxRoundTripMs", LatencyRun.MAX_ROUND_TRIP_MILLIS);
    root.add("settings", s);
    double base = baseMedian(modes);
    JsonArray rows = new JsonArray();
    for (ModeResult r : modes) {
      rows.add(mode(r, base));
    }
    root.add("modes", rows);
    return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(root) + "\n";
  }

  private static JsonObject mode(ModeResult r, double base) {
    JsonObject o = new JsonObject();
    o.addProperty("mode", r.mode());
    o.addProperty("passThrough", r.mode().equals(LatencyRun.PASS_THROUGH));
    o.addProperty("probesSent", r.probesSent());
    o.addProperty("probesReturned", r.roundTripsMillis().size());
    Spread s = r.roundTrip();
    JsonObject trip = new JsonObject();
    trip.add("medianMs", number(s == null ? Double.NaN : s.median()));
    trip.add("p90Ms", number(s == null ? Double.NaN : s.p90()));
    trip.add("p99Ms", number(s == null ? Double.NaN : s.p99()));
    trip.add("maxMs", number(s == null ? Double.NaN : s.max()));
    o.add("roundTrip", trip);
    o.add(
        "addedMs",
        r.mode().equals(LatencyRun.PASS_THROUGH) || s == null
            ? JsonNull.INSTANCE
            : number(s.median() - base));
    o.add("envelopeLagMs", number(r.envelopeLagMillis()));
    o.add("algorithmicLatencyMs", number(r.algorithmicLatencyMillis()));
    o.addProperty("xruns", r.xruns());
    o.add("driftPpm", number(r.driftPpm()));
    o.add("roundTripsMs", numbers(r.roundTripsMillis()));
    o.add("envelopeLagsMs", numbers(r.envelopeLagsMillis()));
    return o;
  }

  private static double baseMedian(List<ModeResult> modes) {
    for (ModeResult m : modes) {
      if (m.mode().equals(LatencyRun.PASS_THROUGH) && m.roundTrip() != null) {
        return m.roundTrip().median();
      }
    }
    return Double.NaN;
  }

  private static JsonObject device(String name, int rateHz) {
    JsonObject d = new JsonObject();
    d.addProperty("name", name);
    d.addProperty("rateHz", rateHz);
    return d;
  }

  private static JsonArray numbers(List<Double> values) {
    JsonArray a = new JsonArray();
    for (double v : values) {
      a.add(number(v));
    }
    return a;
  }

  /** A finite number rounded to three decimals, or null. */
  private static JsonElement number(double v) {
    return Double.isFinite(v)
        ? new JsonPrimitive(Math.round(v * 1000) / 1000.0)
        : JsonNull.INSTANCE;
  }

  private static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "-";
  }
}
