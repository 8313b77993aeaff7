package dev.bowtie.plugin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.realtime.testing.TestPacks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code bowtie bench streams} with a real voice pack: its table, and its one-line errors. */
class BenchStreamsCommandTest {
  private static final double HOP_MILLIS = 5.0;

  private static String pack() throws Exception {
    return TestPacks.pack().toString();
  }

  @Test
  void shouldPrintABatchedAndASeparateRowPerStreamCountWithConsistentFigures() throws Exception {
    CliRun run =
        CliRun.of("bench", "streams", "--model", pack(), "--streams", "1,3", "--seconds", "0.5");
    assertEquals(0, run.exitCode(), run.err());
    String[] lines = run.out().strip().split("\n");
    assertTrue(lines[0].startsWith("model: " + pack()), lines[0]);
    assertTrue(
        lines[1].contains("voices awb, rms, slt in turn; vocoder synthesis; one thread; 0.5 s"),
        lines[1]);
    assertTrue(lines[2].startsWith("streams  engine    hop p50 ms  hop p99 ms"), lines[2]);
    List<String[]> rows = new ArrayList<>();
    for (int i = 3; i < 7; i++) {
      rows.add(lines[i].strip().split(" +"));
    }
    String[][] expected = {
      {"1", "separate"}, {"1", "batched"}, {"3", "separate"}, {"3", "batched"}
    };
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      assertEquals(expected[r][0], row[0], lines[3 + r]);
      assertEquals(expected[r][1], row[1], lines[3 + r]);
      int streams = Integer.parseInt(row[0]);
      double p50 = Double.parseDouble(row[2]);
      double p99 = Double.parseDouble(row[3]);
      double rtf = Double.parseDouble(row[4]);
      double perCoreP50 = Double.parseDouble(row[5]);
      double perCoreP99 = Double.parseDouble(row[6]);
      assertTrue(p50 > 0 && p99 >= p50, lines[3 + r]);
      // Within the rounding of the printed figures (0.001 ms, 0.0001, 0.1 streams).
      assertClose(HOP_MILLIS / p50 * streams, perCoreP50, 0.05, lines[3 + r]);
      assertClose(HOP_MILLIS / p99 * streams, perCoreP99, 0.05, lines[3 + r]);
      assertClose(p50 / streams / HOP_MILLIS, rtf, 0.00005, lines[3 + r]);
    }
    assertTrue(lines[4].contains("x separate's streams/core at p50"), lines[4]);
    assertEquals(8, lines.length, run.out());
    assertTrue(lines[7].startsWith("(batched runs the model once per hop"), lines[7]);
  }

  /** {@code expected} from rounded figures against a figure printed to {@code printedRounding}. */
  private static void assertClose(
      double expected, double printed, double printedRounding, String line) {
    assertEquals(expected, printed, printedRounding + 0.01 * Math.abs(expected), line);
  }

  @Test
  void shouldRefuseAStreamCountOfZeroOrTooManyInOneLine() {
    for (String streams : new String[] {"0", "4,2000"}) {
      CliRun run = CliRun.of("bench", "streams", "--streams", streams);
      assertEquals(1, run.exitCode(), run.out());
      assertEquals(1, run.errLines().length, run.err());
      String bad = streams.contains(",") ? "2000" : "0";
      assertEquals(
          "bowtie: --streams " + bad + ": a stream count must be between 1 and 1024",
          run.errLines()[0]);
      assertEquals("", run.out());
    }
  }

  @Test
  void shouldRefuseNonNumbersWithExitTwoAndAHint() {
    CliRun run = CliRun.of("bench", "streams", "--streams", "4,many");
    assertEquals(2, run.exitCode());
    assertTrue(run.errLines()[0].startsWith("bowtie: Invalid value for option '--streams'"));
    assertEquals("Try 'bowtie bench streams --help'.", run.errLines()[1]);
  }

  @Test
  void shouldRefuseSecondsOutOfRange() {
    CliRun run = CliRun.of("bench", "streams", "--seconds", "0");
    assertEquals(1, run.exitCode());
    assertEquals(
        "bowtie: --seconds 0.0 must be more than 0 and at most 3600 (one hour)", run.errLines()[0]);
  }

  @Test
  void shouldNameThePacksVoicesForAnUnknownOrBuiltInVoice() throws Exception {
    CliRun unknown = CliRun.of("bench", "streams", "--model", pack(), "--voice", "nobody");
    assertEquals(1, unknown.exitCode());
    assertEquals(1, unknown.errLines().length, unknown.err());
    assertEquals(
        "bowtie: --voice: unknown voice 'nobody'; choose a voice of the pack: awb, rms, slt",
        unknown.errLines()[0]);
    CliRun builtIn = CliRun.of("bench", "streams", "--model", pack(), "--voice", "robot");
    assertEquals(1, builtIn.exitCode());
    assertEquals(
        "bowtie: --voice: 'robot' is a built-in DSP voice, which has no model to batch; choose a"
            + " voice of the pack: awb, rms, slt",
        builtIn.errLines()[0]);
  }

  @Test
  void shouldListStreamsUnderBenchAndDescribeItsOptions() {
    CliRun bench = CliRun.of("bench");
    assertEquals(0, bench.exitCode());
    assertTrue(bench.out().contains("Usage: bowtie bench"), bench.out());
    assertTrue(bench.out().contains("  streams  Measure how many voice streams"), bench.out());
    CliRun help = CliRun.of("bench", "streams", "--help");
    assertEquals(0, help.exitCode());
    for (String option : new String[] {"--streams=N[,N...]", "--voice=NAME", "--seconds=S"}) {
      assertTrue(help.out().contains(option), help.out());
    }
  }
}
