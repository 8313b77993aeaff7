package dev.bowtie.realtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad settings of {@code bowtie live} fail in one line before any device is opened. */
class LiveOptionsCliTest {
  @ParameterizedTest
  @CsvSource({
    "--rt-priority, 100, '--rt-priority 100 must be between 0 (off) and 99'",
    "--rt-priority, -1, '--rt-priority -1 must be between 0 (off) and 99'",
    "--buffer-ms, 1, '--buffer-ms 1 must be between 2 and 1000'",
    "--mix, 1.5, '--mix 1.5 must be between 0 and 1'"
  })
  void shouldRefuseABadSettingInOneLine(String option, String value, String message) {
    CliRun run = CliRun.of("live", option, value);
    assertEquals(1, run.exitCode(), run.err());
    assertEquals(1, run.errLines().length, run.err());
    assertTrue(run.err().contains(message), run.err());
    assertTrue(run.out().isEmpty(), run.out());
  }
}
