package dev.bowtie.plugin.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.bowtie.realtime.bench.GcPause;
import dev.bowtie.realtime.bench.HopBenchResult;
import dev.bowtie.realtime.bench.HopStage;
import dev.bowtie.realtime.bench.SptkBaseline;
import dev.bowtie.realtime.bench.SubjectResult;
import java.time.Instant;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The JSON of a {@code bench hop} report (docs/schemas/bench-hop.schema.json): every figure, the
 * machine, the JVM, Bowtie's version and the settings. Times are in nanoseconds.
 */
final class BenchHopJson {
  /** The schema's identifier, written in every report. */
  static final String SCHEMA = "bowtie-bench-hop/1";

  private BenchHopJson() {}

  static String of(
      HopBenchResult r,
      RunEnvironment env,
      BenchHopSettings settings,
      Instant date,
      Map<String, String> charts) {
    JsonObject root = new JsonObject();
    root.addProperty("schema", SCHEMA);
    root.addProperty("date", date.toString());
    RunEnvironmentJson.addTo(root, env);
    root.add("settings", settings(settings));
    root.addProperty("hops", r.hops());
    root.addProperty("hopMillis", r.hopSeconds() * 1000);
    root.addProperty("wallSeconds", r.wallNanos() / 1e9);
    JsonArray subjects = new JsonArray();
    for (SubjectResult s : r.subjects()) {
      subjects.add(subject(r, s));
    }
    root.add("subjects", subjects);
    root.add("sptk", sptk(r.sptk(), r.hopSeconds()));
    root.add("gc", gc(r));
    JsonObject c = new JsonObject();
    charts.forEach(c::addProperty);
    root.add("charts", c);
    return new GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n";
  }

  private static JsonObject settings(BenchHopSettings s) {
    JsonObject o = new JsonObject();
    o.addProperty("command", s.command());
    JsonArray voices = new JsonArray();
    s.voices().forEach(voices::add);
    o.add("voices", voices);
    o.addProperty("seconds", s.seconds());
    o.addProperty("warmUpSeconds", s.warmUpSeconds());
    o.addProperty("deviceRateHz", s.deviceRateHz());
    o.addProperty("modelRateHz", s.modelRateHz());
    o.addProperty("hopSamples", s.hopSamples());
    o.addProperty("synthesis", s.synthesis());
    o.addProperty("inferenceDevice", s.inferenceDevice());
    o.addProperty("model", s.model());
    JsonObject tarsos = new JsonObject();
    tarsos.addProperty("pitchFactor", s.tarsosFactor());
    tarsos.addProperty("frameSamples", s.tarsosFrameSamples());
    o.add("tarsos", tarsos);
    return o;
  }

  private static JsonObject subject(HopBenchResult r, SubjectResult s) {
    JsonObject o = new JsonObject();
    o.addProperty("name", s.name());
    o.addProperty("kind", s.kind());
    o.addProperty("realTimeFactor", r.realTimeFactor(s));
    o.addProperty("bytesPerHop", s.bytesPerHop());
    o.addProperty("faults", s.faults());
    JsonObject stages = new JsonObject();
    for (Map.Entry<HopStage, Histogram> e : s.times().histograms().entrySet()) {
      stages.add(e.getKey().key(), stats(e.getValue()));
    }
    o.add("stages", stages);
    return o;
  }

  /** Count, mean and the quantiles of one histogram, in nanoseconds. */
  static JsonObject stats(Histogram h) {
    JsonObject o = new JsonObject();
    o.addProperty("count", h.getTotalCount());
    o.addProperty("mean", h.getMean());
    o.addProperty("p50", h.getValueAtPercentile(50));
    o.addProperty("p90", h.getValueAtPercentile(90));
    o.addProperty("p99", h.getValueAtPercentile(99));
    o.addProperty("p999", h.getValueAtPercentile(99.9));
    o.addProperty("max", h.getMaxValue());
    return o;
  }

  private static JsonObject sptk(SptkBaseline.Result s, double hopSeconds) {
    JsonObject o = new JsonObject();
    o.addProperty("status", s.skipped() == null ? "measured" : "skipped");
    o.addProperty("pipeline", s.pipeline());
    if (s.skipped() != null) {
      o.addProperty("reason", s.skipped());
      return o;
    }
    o.addProperty("hops", s.hops());
    o.addProperty("wallSeconds", s.wallNanos() / 1e9);
    o.addProperty("meanNanosPerHop", s.meanNanosPerHop());
    o.addProperty("realTimeFactor", s.meanNanosPerHop() / 1e9 / hopSeconds);
    return o;
  }

  private static JsonObject gc(HopBenchResult r) {
    JsonObject o = new JsonObject();
    double total = 0;
    double max = 0;
    JsonArray pauses = new JsonArray();
    for (GcPause p : r.gcPauses()) {
      total += p.millis();
      max = Math.max(max, p.millis());
      JsonObject e = new JsonObject();
      e.addProperty("atSeconds", p.atSeconds());
      e.addProperty("millis", p.millis());
      e.addProperty("collector", p.collector());
      pauses.add(e);
    }
    o.addProperty("count", r.gcPauses().size());
    o.addProperty("totalMillis", total);
    o.addProperty("maxMillis", max);
    o.add("pauses", pauses);
    return o;
  }
}
