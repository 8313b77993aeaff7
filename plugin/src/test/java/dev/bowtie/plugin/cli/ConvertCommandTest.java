package dev.bowtie.plugin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.realtime.audio.DecodedAudio;
import dev.bowtie.realtime.audio.SampleEncoding;
import dev.bowtie.realtime.audio.WavReader;
import dev.bowtie.realtime.testing.TestSpeech;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bowtie convert} end to end on real files, and its answers to bad input. */
class ConvertCommandTest {
  @TempDir Path dir;

  private Path speechWav(String name, String... soxFormat) throws Exception {
    Path wav = dir.resolve(name);
    String[] cmd =
        Stream.concat(
                Stream.of("sox", TestSpeech.fliteWav("slt", TestSpeech.SENTENCE).toString()),
                Stream.concat(Arrays.stream(soxFormat), Stream.of(wav.toString())))
            .toArray(String[]::new);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
    return wav;
  }

  @Test
  void shouldKeepRateLengthChannelsAndEncodingOfA44kStereo24BitFile() throws Exception {
    Path in = speechWav("in.wav", "-r", "44100", "-c", "2", "-b", "24");
    Path out = dir.resolve("out.wav");
    CliRun run = CliRun.of("convert", in.toString(), out.toString(), "--synthesis", "residual");
    assertEquals(0, run.exitCode(), run.err());
    DecodedAudio a = WavReader.read(in);
    DecodedAudio b = WavReader.read(out);
    assertEquals(44100, b.sampleRateHz());
    assertEquals(2, b.channelCount());
    assertEquals(a.frames(), b.frames());
    assertEquals(SampleEncoding.PCM_24, b.encoding());
    // Residual-mode identity through the live chain: the speech itself, within the 8 kHz band,
    // except where the chain's -3 dBFS limiter acts (this sentence peaks at 0.718, just above it;
    // below the ceiling, files come back at 65 to 73 dB).
    float[] x = a.downmixToMono();
    float[] y = b.channels()[0];
    double signal = 0;
    double noise = 0;
    for (int i = 0; i < x.length; i++) {
      signal += x[i] * x[i];
      noise += (y[i] - x[i]) * (y[i] - x[i]);
    }
    double snrDb = 10 * Math.log10(signal / noise);
    System.out.printf("convert residual identity at 44.1 kHz: SNR %.1f dB%n", snrDb);
    assertTrue(snrDb > 20, "SNR " + snrDb);
    assertTrue(run.out().contains("real time"), run.out());
  }

  @Test
  void shouldConvertTheBundledSampleWithNoArguments() throws Exception {
    Path cwdOutput = Path.of("sample-identity.wav");
    Files.deleteIfExists(cwdOutput);
    try {
      CliRun sample = CliRun.of("convert");
      assertEquals(0, sample.exitCode(), sample.err());
      DecodedAudio converted = WavReader.read(cwdOutput);
      assertEquals(16000, converted.sampleRateHz());
      assertTrue(converted.durationSeconds() > 5.0, "duration " + converted.durationSeconds());
    } finally {
      Files.deleteIfExists(cwdOutput);
    }
  }

  @Test
  void shouldRejectATextFileWithOneLineAndNoOutput() throws Exception {
    Path in = dir.resolve("notes.wav");
    Files.writeString(in, "these are not samples\n", StandardCharsets.UTF_8);
    assertRejected(in, "notes.wav");
  }

  @Test
  void shouldRejectATruncatedWav() throws Exception {
    Path whole = speechWav("whole.wav", "-r", "16000", "-b", "16");
    byte[] bytes = Files.readAllBytes(whole);
    Path in = dir.resolve("cut.wav");
    Files.write(in, Arrays.copyOf(bytes, bytes.length / 2));
    assertRejected(in, "cut.wav");
  }

  @Test
  void shouldRejectAnEmptyFile() throws Exception {
    Path in = dir.resolve("empty.wav");
    Files.write(in, new byte[0]);
    assertRejected(in, "empty.wav");
  }

  @Test
  void shouldRejectAnUnsupportedEncoding() throws Exception {
    assertRejected(speechWav("mulaw.wav", "-r", "8000", "-e", "mu-law"), "mulaw.wav");
    assertRejected(speechWav("eight.wav", "-r", "16000", "-b", "8"), "eight.wav");
  }

  @Test
  void shouldRejectAMissingFile() throws Exception {
    assertRejected(dir.resolve("nowhere.wav"), "nowhere.wav");
  }

  @Test
  void shouldRejectAnUnwritableOutputAndLeaveNothing() throws Exception {
    Path in = speechWav("fine.wav", "-r", "16000");
    Path out = dir.resolve("missing-folder").resolve("out.wav");
    CliRun run = CliRun.of("convert", in.toString(), out.toString());
    assertEquals(1, run.exitCode());
    assertEquals(1, run.errLines().length, run.err());
    assertTrue(run.err().contains("missing-folder"), run.err());
    assertFalse(Files.exists(out.getParent()));
  }

  @Test
  void shouldRejectAnUnknownVoiceNamingTheChoices() throws Exception {
    CliRun run = CliRun.of("convert", "--voice", "nobody");
    assertEquals(1, run.exitCode());
    assertEquals(1, run.errLines().length, run.err());
    assertTrue(run.err().contains("nobody") && run.err().contains("identity"), run.err());
  }

  @Test
  void shouldAnswerBadArgumentsWithExitCode2() {
    CliRun run = CliRun.of("convert", "--synthesis", "granular");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("granular"), run.err());
    assertEquals(2, CliRun.of("convert", "--no-such-option").exitCode());
  }

  private void assertRejected(Path in, String name) throws Exception {
    Path out = dir.resolve("out-" + name);
    CliRun run = CliRun.of("convert", in.toString(), out.toString());
    assertEquals(1, run.exitCode(), run.err());
    String[] lines = run.errLines();
    assertEquals(1, lines.length, run.err());
    assertTrue(lines[0].startsWith("bowtie: ") && lines[0].contains(name), lines[0]);
    assertFalse(run.err().contains("Exception"), run.err());
    assertFalse(Files.exists(out), "output left behind");
    try (Stream<Path> files = Files.list(dir)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".part")));
    }
  }
}
