package dev.bowtie.plugin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.bowtie.plugin.testing.BowtieProcess;
import dev.bowtie.plugin.testing.SoundServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bowtie bench latency} through the real bowtie.jar on the private PulseAudio server, whose
 * sink {@code vc_in} comes back as the source {@code vc_mic}: a loop, with nothing else playing
 * into it. {@code vc_out} is not looped anywhere.
 */
@Tag("sound-server")
class BenchLatencySoundServerTest {
  private static final Path SCHEMA = Path.of("..", "docs", "schemas", "bench-latency.schema.json");

  @BeforeAll
  static void needsServerAndJar() {
    SoundServer.assumeServerAndJar();
  }

  @Test
  void shouldTimeEveryProbeThroughTheLoopAndWriteAReportThatFollowsTheSchema(@TempDir Path dir)
      throws Exception {
    Path reportDir = dir.resolve("new").resolve("report");
    BenchRun run =
        bench(
            "--backend",
            "pulse",
            "--output",
            "vc_in",
            "--input",
            "vc_mic",
            "--voice",
            "identity,slt",
            "--seconds",
            "6",
            "--report",
            reportDir.toString());
    assertEquals(0, run.code, run.toString());

    Path file = reportDir.resolve("bench-latency.json");
    JsonNode report = new ObjectMapper().readTree(file.toFile());
    Set<ValidationMessage> problems = schema().validate(report);
    assertTrue(problems.isEmpty(), problems + " in " + report);

    JsonNode modes = report.get("modes");
    assertEquals(3, modes.size(), report.toString());
    assertEquals("pass-through", modes.get(0).get("mode").asText());
    assertEquals("identity", modes.get(1).get("mode").asText());
    assertEquals("slt", modes.get(2).get("mode").asText());
    for (JsonNode mode : modes) {
      assertTrue(mode.get("probesReturned").asInt() >= 1, mode.toString());
      for (JsonNode trip : mode.get("roundTripsMs")) {
        // Sanity only: a round trip is finite, takes time and lies within the search window.
        assertTrue(trip.asDouble() > 0 && trip.asDouble() < 1000, mode.toString());
      }
      double median = mode.get("roundTrip").get("medianMs").asDouble();
      assertTrue(median > 0 && median < 1000, mode.toString());
      // Nothing comes back sooner than the loop's own delay by design.
      assertTrue(median >= mode.get("algorithmicLatencyMs").asDouble(), mode.toString());
    }
    // The loop returns pass-through speech unchanged: its envelope is where its clicks are.
    assertEquals(0.0, modes.get(0).get("envelopeLagMs").asDouble(), 1.0, modes.get(0).toString());
    JsonNode slt = modes.get(2);
    assertFalse(slt.get("envelopeLagMs").isNull(), "slt's speech envelope lag: " + slt);
    double lag = slt.get("envelopeLagMs").asDouble();
    assertTrue(lag >= -10 && lag <= 40, "within the searched shifts: " + slt);
    assertEquals(
        slt.get("roundTrip").get("medianMs").asDouble()
            - modes.get(0).get("roundTrip").get("medianMs").asDouble(),
        slt.get("addedMs").asDouble(),
        0.002,
        "added latency is the difference of medians on one clock");
    assertEquals("vc_mic", report.get("settings").get("input").get("name").asText());
    assertEquals("vc_in", report.get("settings").get("output").get("name").asText());

    for (JsonNode mode : modes) {
      // One send time per round trip, in order within a mode, inside the run.
      JsonNode sent = mode.get("sentSeconds");
      assertEquals(mode.get("roundTripsMs").size(), sent.size(), mode.toString());
      for (int i = 1; i < sent.size(); i++) {
        assertTrue(sent.get(i).asDouble() > sent.get(i - 1).asDouble(), mode.toString());
      }
      assertTrue(sent.get(sent.size() - 1).asDouble() < 120, mode.toString());
    }
    double first = modes.get(0).get("sentSeconds").get(0).asDouble();
    assertTrue(first >= 0 && first < 1, "the run's first click, early in its train: " + first);
    assertTrue(
        report.get("settings").get("command").asText().startsWith("bowtie bench latency "),
        report.toString());
    assertEquals(4, report.get("publishedElsewhere").size(), report.toString());

    List<String> charts = new ArrayList<>();
    report.get("charts").elements().forEachRemaining(c -> charts.add(c.asText()));
    assertEquals(List.of("timeline.png", "distribution.png", "comparison.png"), charts);
    ReportPages.assertPageShowsRealPngs(reportDir, charts);
    String html = Files.readString(reportDir.resolve("index.html"));
    assertTrue(html.contains("href=\"bench-latency.json\""), html);
    assertTrue(html.contains("not measured here"), html);
    try (Stream<Path> left = Files.list(reportDir.getParent())) {
      assertEquals(
          List.of(reportDir), left.toList(), "no staging folder is left beside the report");
    }
    try (Stream<Path> files = Files.list(reportDir)) {
      assertEquals(5, files.count(), "the JSON, the page and three plots");
    }

    String table = String.join("\n", run.out);
    for (String mode : List.of("pass-through", "identity", "slt")) {
      assertTrue(table.lines().anyMatch(l -> l.startsWith(mode + " ")), table);
    }
    assertTrue(
        run.err.stream().anyMatch(l -> l.matches("bench latency: \\d+% \\(\\d+ s\\)")),
        "progress line every 5 s: " + run.err);
  }

  @Test
  void shouldSayNoProbeCameBackAndWriteNoReportWhenTheOutputIsNotLoopedBack(@TempDir Path dir)
      throws Exception {
    Path reportDir = dir.resolve("report");
    BenchRun run =
        bench(
            "--backend",
            "pulse",
            "--output",
            "vc_out",
            "--input",
            "vc_mic",
            "--voice",
            "identity",
            "--seconds",
            "2",
            "--report",
            reportDir.toString());
    assertEquals(1, run.code, run.toString());
    List<String> messages = run.err.stream().filter(l -> l.startsWith("bowtie: ")).toList();
    assertEquals(
        List.of(
            "bowtie: no probe came back on vc_mic within 1000 ms: is vc_out looped back to"
                + " vc_mic?"),
        messages,
        run.toString());
    assertFalse(run.err.stream().anyMatch(l -> l.contains("Exception")), run.toString());
    assertFalse(Files.exists(reportDir), "the folder made for the report is gone again");
  }

  @Test
  void shouldRefuseAReportFolderThatCannotBeWrittenBeforeTheRunStarts(@TempDir Path dir)
      throws Exception {
    Path notAFolder = Files.writeString(dir.resolve("notes.txt"), "keep me");
    BenchRun run =
        bench(
            "--backend",
            "pulse",
            "--output",
            "vc_in",
            "--input",
            "vc_mic",
            "--report",
            notAFolder.toString());
    assertEquals(1, run.code, run.toString());
    assertEquals(
        List.of(
            "bowtie: --report "
                + notAFolder
                + ": is a file, not a folder; choose another report folder"),
        run.err,
        "one line, and no progress: the run never started");
    assertEquals("keep me", Files.readString(notAFolder));
  }

  private static JsonSchema schema() throws Exception {
    try (InputStream in = Files.newInputStream(SCHEMA)) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }
  }

  private static BenchRun bench(String... args) throws Exception {
    String[] all = new String[args.length + 2];
    all[0] = "bench";
    all[1] = "latency";
    System.arraycopy(args, 0, all, 2, args.length);
    try (BowtieProcess bowtie = BowtieProcess.start(Map.of(), all)) {
      int code = bowtie.awaitExit(180_000);
      // The collector threads may still be reading the last lines.
      Thread.sleep(200);
      return new BenchRun(code, bowtie.out(), bowtie.err());
    }
  }

  private record BenchRun(int code, List<String> out, List<String> err) {}
}
