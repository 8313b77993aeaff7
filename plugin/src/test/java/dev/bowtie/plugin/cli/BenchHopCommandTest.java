package dev.bowtie.plugin.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.bowtie.realtime.testing.TestPacks;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bowtie bench hop} with a real voice pack: its report against the JSON Schema in
 * docs/schemas, its plots and page, and its one-line errors. No speed is asserted.
 */
class BenchHopCommandTest {
  static final Path SCHEMA = Path.of("..", "docs", "schemas", "bench-hop.schema.json");
  private static final String[] QUANTILES = {"p50", "p90", "p99", "p999", "max"};

  @TempDir Path dir;

  @Test
  void shouldWriteAReportWhoseJsonMatchesTheSchemaWithEveryFigureOrderedAndRealPlots()
      throws Exception {
    Path report = dir.resolve("report");
    CliRun run =
        CliRun.of(
            "bench",
            "hop",
            "--model",
            TestPacks.pack().toString(),
            "--seconds",
            "1",
            "--voice",
            "slt,identity",
            "--report",
            report.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("report: " + report.resolve("index.html")), run.out());

    JsonNode json = new ObjectMapper().readTree(report.resolve("bench-hop.json").toFile());
    assertEquals(Set.of(), validate(json));
    assertEquals(200, json.get("hops").asInt(), "1 s of 5 ms hops");
    List<String> names = new ArrayList<>();
    for (JsonNode s : json.get("subjects")) {
      names.add(s.get("name").asText());
      for (var stage : (Iterable<java.util.Map.Entry<String, JsonNode>>) s.get("stages")::fields) {
        assertOrderedAndFinite(s.get("name").asText() + " " + stage.getKey(), stage.getValue());
        assertEquals(200, stage.getValue().get("count").asInt(), stage.getKey());
      }
      assertTrue(Double.isFinite(s.get("realTimeFactor").asDouble()), s.toString());
    }
    assertEquals(List.of("slt", "identity", "tarsos-pitch-shifter", "pass-through"), names);
    JsonNode slt = json.get("subjects").get(0);
    assertEquals("neural voice", slt.get("kind").asText());
    assertEquals(
        List.of("resampling", "melCepstrum", "f0", "encoder", "decoder", "synthesis", "hop"),
        fieldNames(slt.get("stages")));
    assertEquals(
        List.of("resampling", "melCepstrum", "f0", "synthesis", "hop"),
        fieldNames(json.get("subjects").get(1).get("stages")));
    // The harness allocates nothing per hop: the pass-through is the harness alone. Around the
    // built-in voice's stages, which allocate nothing, a JIT deoptimisation may materialise an
    // object now and then, but one array per hop (80 floats: 336 bytes) would show.
    assertEquals(0.0, json.get("subjects").get(3).get("bytesPerHop").asDouble());
    assertTrue(json.get("subjects").get(1).get("bytesPerHop").asDouble() < 64, json.toString());
    assertEquals(List.of("slt", "identity"), fieldValues(json.get("settings").get("voices")));

    String html = Files.readString(report.resolve("index.html"));
    assertTrue(html.contains("href=\"bench-hop.json\""), html);
    List<String> charts = fieldValues(json.get("charts"));
    assertEquals(
        List.of("comparison.png", "timeline.png", "stages-slt.png", "stages-identity.png"), charts);
    ReportPages.assertPageShowsRealPngs(report, charts);
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(report), left.toList(), "no staging folder is left beside the report");
    }
  }

  @Test
  void shouldRefuseAReportFolderThatIsAFileInOneLineBeforeTheRun() throws Exception {
    Path file = Files.writeString(dir.resolve("taken"), "not a folder");
    CliRun run = CliRun.of("bench", "hop", "--seconds", "1", "--report", file.toString());
    assertEquals(1, run.exitCode(), run.out());
    assertArrayEquals(
        new String[] {
          "bowtie: --report " + file + ": is a file, not a folder; choose another report folder"
        },
        run.errLines());
    assertEquals("", run.out(), "nothing ran: no model line, no table");
    assertEquals("not a folder", Files.readString(file));
  }

  @Test
  void shouldRefuseAReportFolderInsideAFileInOneLineBeforeTheRun() throws Exception {
    Path file = Files.writeString(dir.resolve("taken"), "not a folder");
    Path report = file.resolve("report");
    CliRun run = CliRun.of("bench", "hop", "--seconds", "1", "--report", report.toString());
    assertEquals(1, run.exitCode(), run.out());
    assertEquals(1, run.errLines().length, run.err());
    assertTrue(
        run.errLines()[0].startsWith("bowtie: --report " + report + ": cannot write a report"),
        run.err());
    assertTrue(run.errLines()[0].endsWith("; choose a writable report folder"), run.err());
    assertEquals("", run.out());
  }

  @Test
  void shouldRefuseSecondsOutOfRangeAndUnknownVoicesInOneLine() throws Exception {
    CliRun zero = CliRun.of("bench", "hop", "--seconds", "0");
    assertEquals(1, zero.exitCode());
    assertArrayEquals(
        new String[] {"bowtie: --seconds 0.0 must be more than 0 and at most 3600 (one hour)"},
        zero.errLines());
    CliRun nan = CliRun.of("bench", "hop", "--seconds", "NaN");
    assertEquals(1, nan.exitCode());
    CliRun unknown =
        CliRun.of("bench", "hop", "--model", TestPacks.pack().toString(), "--voice", "nobody");
    assertEquals(1, unknown.exitCode());
    assertEquals(1, unknown.errLines().length, unknown.err());
    assertTrue(
        unknown.errLines()[0].startsWith(
            "bowtie: --voice: unknown voice 'nobody'; choose one of: awb, rms, slt, identity"),
        unknown.errLines()[0]);
  }

  @Test
  void shouldListHopUnderBench() {
    CliRun bench = CliRun.of("bench");
    assertTrue(bench.out().contains("  hop      Measure the time of each stage"), bench.out());
  }

  /** The schema's complaints about {@code json}; empty when it is valid. */
  static Set<ValidationMessage> validate(JsonNode json) throws Exception {
    try (InputStream in = Files.newInputStream(SCHEMA)) {
      JsonSchema schema =
          JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
      return schema.validate(json);
    }
  }

  private static void assertOrderedAndFinite(String what, JsonNode stats) {
    double previous = 0;
    for (String q : QUANTILES) {
      double v = stats.get(q).asDouble();
      assertTrue(Double.isFinite(v) && v >= previous, what + " " + q + ": " + stats);
      previous = v;
    }
    assertTrue(stats.get("p50").asLong() > 0, what + ": " + stats);
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> fieldValues(JsonNode node) {
    List<String> values = new ArrayList<>();
    node.elements().forEachRemaining(v -> values.add(v.asText()));
    assertFalse(values.isEmpty());
    return values;
  }
}
