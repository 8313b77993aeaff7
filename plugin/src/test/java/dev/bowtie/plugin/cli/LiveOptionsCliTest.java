package dev.bowtie.plugin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad settings of {@code bowtie live} fail in one line before any device is opened. */
class LiveOptionsCliTest {
  @ParameterizedTest
  @CsvSource({
    "--rt-priority, 100, '--rt-priority 100 must be between 0 (off) and 99'",
    "--rt-priority, -1, '--rt-priority -1 must be between 0 (off) and 99'",
    "--buffer-ms, 1, '--buffer-ms 1 must be between 2 and 1000'",
    "--buffer-ms, 1001, '--buffer-ms 1001 must be between 2 and 1000'",
    "--mix, 1.5, '--mix 1.5 must be between 0 and 1'",
    "--mix, -0.1, '--mix -0.1 must be between 0 and 1'",
    "--mix, NaN, '--mix NaN must be between 0 and 1'",
    "--mix, Infinity, '--mix Infinity must be between 0 and 1'",
    "--seconds, -1, '--seconds -1 must be 0 (run until Ctrl-C) or more'",
    "--retry-seconds, -1, '--retry-seconds -1 must be between 0 and 86400'",
    "--retry-seconds, 86401, '--retry-seconds 86401 must be between 0 and 86400'"
  })
  void shouldRefuseABadSettingInOneLine(String option, String value, String message) {
    CliRun run = CliRun.of("live", option, value);
    assertEquals(1, run.exitCode(), run.err());
    assertEquals(1, run.errLines().length, run.err());
    assertTrue(run.err().contains(message), run.err());
    assertTrue(run.out().isEmpty(), run.out());
  }

  @ParameterizedTest
  @CsvSource({
    "--buffer-ms, 20, '--buffer-ms does not apply to --backend jack: the JACK server sets the"
        + " period (jackd -p); leave it out'",
    "--rt-priority, 10, '--rt-priority does not apply to --backend jack: JACK runs the voice;"
        + " leave it out'",
    "--retry-seconds, 5, '--retry-seconds does not apply to --backend jack: JACK runs the voice;"
        + " leave it out'"
  })
  void shouldRefuseADeviceLoopSettingOnJackInOneLine(String option, String value, String message) {
    CliRun run = CliRun.of("live", "--backend", "jack", option, value);
    assertEquals(1, run.exitCode(), run.err());
    assertEquals("bowtie: " + message, run.err().strip());
    assertTrue(run.out().isEmpty(), run.out());
  }

  @ParameterizedTest
  @CsvSource({"--seconds, NaN", "--retry-seconds, 1.5", "--buffer-ms, Infinity"})
  void shouldRefuseAnUnparsableWholeNumberAsAUsageError(String option, String value) {
    CliRun run = CliRun.of("live", option, value);
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains(option), run.err());
  }

  @Test
  void shouldShowTheRangeOfEveryNumericSettingInTheHelp() {
    CliRun run = CliRun.of("live", "--help");
    assertEquals(0, run.exitCode(), run.err());
    String help = run.out().replaceAll("\\s+", " ");
    for (String range :
        new String[] {
          "--buffer-ms=<bufferMillis> Device buffer per line in ms, 2-1000",
          "--mix=<wetMix> Dry/wet mix, 0-1",
          "1-99; 0 leaves them at normal priority",
          "--seconds=<seconds> Stop after this many seconds, 0 or more",
          "in seconds, 0-86400"
        }) {
      assertTrue(help.contains(range), range + " in: " + help);
    }
  }
}
