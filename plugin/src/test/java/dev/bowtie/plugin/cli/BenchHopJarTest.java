package dev.bowtie.plugin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bowtie.plugin.testing.BowtieProcess;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real bowtie.jar's {@code bench hop} on a machine without SPTK: a skipped baseline. */
@Tag("jar")
class BenchHopJarTest {
  @TempDir Path dir;

  @Test
  void shouldReportSptkAsSkippedWhenItIsNotInstalledAndStillSucceed() throws Exception {
    Path report = dir.resolve("r");
    Path noSptk = dir.resolve("no-sptk");
    try (BowtieProcess p =
        BowtieProcess.start(
            Map.of("SPTK_BIN", noSptk.toString()),
            "bench",
            "hop",
            "--seconds",
            "0.5",
            "--voice",
            "identity",
            "--report",
            report.toString())) {
      assertEquals(0, p.awaitExit(120_000), String.join("\n", p.err()));
      assertTrue(
          p.out()
              .contains(
                  "sptk: skipped: SPTK is not installed (no mcep in "
                      + noSptk
                      + "; apt-get install sptk, or set SPTK_BIN)"),
          String.join("\n", p.out()));
    }
    JsonNode json = new ObjectMapper().readTree(report.resolve("bench-hop.json").toFile());
    assertEquals(Set.of(), BenchHopCommandTest.validate(json));
    assertEquals("skipped", json.get("sptk").get("status").asText());
    assertTrue(json.get("sptk").get("reason").asText().contains(noSptk.toString()));
    assertEquals(100, json.get("hops").asInt());
    assertTrue(json.get("bowtie").get("version").asText().length() > 0);
  }
}
