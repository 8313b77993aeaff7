package dev.bowtie.plugin.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.bowtie.plugin.latency.LatencyRun;
import dev.bowtie.plugin.latency.ModeResult;
import dev.bowtie.plugin.latency.RunSetup;
import dev.bowtie.plugin.latency.Spread;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON of a {@code bench latency} report (docs/schemas/bench-latency.schema.json): every figure
 * per mode, where and how it ran, the charts, and the other voice changers' published figures the
 * comparison chart shows. A figure that could not be measured is null, never NaN.
 */
final class BenchLatencyJson {
  /** The schema's identifier, written in every report. */
  static final String SCHEMA = "bowtie-bench-latency/2";

  private BenchLatencyJson() {}

  static String of(
      List<ModeResult> modes,
      RunSetup setup,
      RunEnvironment env,
      Instant started,
      Instant ended,
      Map<String, String> charts) {
    JsonObject root = new JsonObject();
    root.addProperty("schema", SCHEMA);
    root.addProperty("started", started.toString());
    root.addProperty("ended", ended.toString());
    root.addProperty("completed", true);
    RunEnvironmentJson.addTo(root, env);
    root.add("settings", settings(setup));
    JsonArray rows = new JsonArray();
    for (ModeResult m : modes) {
      rows.add(mode(m, modes));
    }
    root.add("modes", rows);
    JsonArray published = new JsonArray();
    for (PublishedLatency p : PublishedLatency.ALL) {
      JsonObject o = new JsonObject();
      o.addProperty("project", p.project());
      o.addProperty("claim", p.claim());
      o.addProperty("lowMs", p.lowMillis());
      o.addProperty("highMs", p.highMillis());
      o.addProperty("source", p.source());
      published.add(o);
    }
    root.add("publishedElsewhere", published);
    JsonObject c = new JsonObject();
    charts.forEach(c::addProperty);
    root.add("charts", c);
    return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(root) + "\n";
  }

  private static JsonObject settings(RunSetup setup) {
    JsonObject s = new JsonObject();
    s.addProperty("command", setup.command());
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
    return s;
  }

  private static JsonObject mode(ModeResult r, List<ModeResult> modes) {
    JsonObject o = new JsonObject();
    o.addProperty("mode", r.mode());
    o.addProperty("passThrough", r.isPassThrough());
    o.addProperty("probesSent", r.probesSent());
    o.addProperty("probesReturned", r.roundTripsMillis().size());
    Spread s = r.roundTrip();
    JsonObject trip = new JsonObject();
    trip.add("medianMs", number(s == null ? Double.NaN : s.median()));
    trip.add("p90Ms", number(s == null ? Double.NaN : s.p90()));
    trip.add("p99Ms", number(s == null ? Double.NaN : s.p99()));
    trip.add("maxMs", number(s == null ? Double.NaN : s.max()));
    o.add("roundTrip", trip);
    o.add("addedMs", number(r.addedMillis(modes)));
    o.add("envelopeLagMs", number(r.envelopeLagMillis()));
    o.add("algorithmicLatencyMs", number(r.algorithmicLatencyMillis()));
    o.addProperty("xruns", r.xruns());
    o.add("driftPpm", number(r.driftPpm()));
    o.add("roundTripsMs", numbers(r.roundTripsMillis()));
    o.add("sentSeconds", numbers(r.sentSeconds()));
    o.add("envelopeLagsMs", numbers(r.envelopeLagsMillis()));
    return o;
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
}
