package dev.bowtie.plugin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bowtie.plugin.testing.BowtieProcess;
import dev.bowtie.realtime.audio.WavInput;
import dev.bowtie.realtime.audio.WavReader;
import dev.bowtie.realtime.testing.LongWav;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real {@code bowtie.jar} on long recordings and pipes: it streams in bounded memory, reads a
 * pipe, and leaves nothing behind when it is stopped mid-way, even by {@code kill -9}.
 */
@Tag("jar")
class StreamingFilesTest {
  /** A heap several times smaller than the recordings below decoded as floats. */
  private static final List<String> SMALL_HEAP = List.of("-Xmx16m");

  @TempDir Path dir;

  private List<String> names() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void shouldConvertAndAnalyseARecordingSevenTimesTheHeapInBoundedMemory() throws Exception {
    assumeTrue(BowtieProcess.jarBuilt(), "build the jar first: mvn -DskipTests package");
    // 5 minutes of 48 kHz stereo: 28.8 M frames, 115 MB as floats against a 16 MB heap.
    Path in = dir.resolve("long.wav");
    long frames = LongWav.write(in, 300, 48000, 2);
    Path out = dir.resolve("out.wav");
    try (BowtieProcess convert =
        BowtieProcess.start(
            SMALL_HEAP,
            Map.of(),
            "convert",
            in.toString(),
            out.toString(),
            "--synthesis",
            "residual")) {
      assertEquals(0, convert.awaitExit(180_000), String.join("\n", convert.err()));
    }
    try (WavInput converted = WavReader.open(out)) {
      assertEquals(frames, converted.frames());
      assertEquals(2, converted.channelCount());
    }
    assertEquals(Files.size(in), Files.size(out));
    Files.delete(out);

    Path features = dir.resolve("features");
    try (BowtieProcess analyse =
        BowtieProcess.start(SMALL_HEAP, Map.of(), "features", in.toString(), features.toString())) {
      assertEquals(0, analyse.awaitExit(180_000), String.join("\n", analyse.err()));
    }
    long expectedFrames = (frames / 3 + 79) / 80;
    float[] f0 = FeaturesCommandTest.npy(features.resolve("f0.npy"), "(" + expectedFrames + ",)");
    assertEquals(expectedFrames, f0.length);
    assertEquals(expectedFrames * 25 * 4 + 128, Files.size(features.resolve("mcep.npy")));
  }

  @ParameterizedTest(name = "kill -9: {0}")
  @ValueSource(booleans = {false, true})
  void shouldLeaveNothingWhenStoppedMidWay(boolean kill9) throws Exception {
    assumeTrue(BowtieProcess.jarBuilt(), "build the jar first: mvn -DskipTests package");
    Path in = dir.resolve("long.wav");
    LongWav.write(in, 600, 16000, 1);
    Path out = dir.resolve("out.wav");
    try (BowtieProcess convert =
        BowtieProcess.start(Map.of(), "convert", in.toString(), out.toString())) {
      assertTrue(awaitOpenOutput(convert.process.pid(), 60_000), "no output opened in time");
      if (kill9) {
        convert.process.destroyForcibly();
      } else {
        convert.process.destroy();
      }
      int code = convert.awaitExit(30_000);
      assertEquals(kill9 ? 137 : 143, code, String.join("\n", convert.err()));
    }
    assertEquals(List.of("long.wav"), names());
  }

  @Test
  void shouldReadAWavPipedIntoStandardInput() throws Exception {
    assumeTrue(BowtieProcess.jarBuilt(), "build the jar first: mvn -DskipTests package");
    Path in = dir.resolve("tone.wav");
    long frames = LongWav.write(in, 20, 44100, 2);
    Path out = dir.resolve("out.wav");
    try (BowtieProcess convert =
        BowtieProcess.start(
            Map.of(), "convert", "/dev/stdin", out.toString(), "--synthesis", "residual")) {
      try (OutputStream pipe = convert.process.getOutputStream()) {
        Files.copy(in, pipe);
      }
      assertEquals(0, convert.awaitExit(120_000), String.join("\n", convert.err()));
    }
    assertEquals(frames, WavReader.read(out).frames());
    assertEquals(Files.size(in), Files.size(out));
  }

  /**
   * Waits until the process holds a file open in the test folder other than its input: the output
   * being written (an unnamed file shows as {@code dir/#inode (deleted)}).
   */
  private boolean awaitOpenOutput(long pid, long timeoutMillis) throws Exception {
    Path fds = Path.of("/proc/" + pid + "/fd");
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (System.currentTimeMillis() < deadline) {
      try (Stream<Path> open = Files.list(fds)) {
        for (Path fd : open.toList()) {
          String target = readLink(fd);
          if (target.startsWith(dir.toString()) && !target.endsWith("long.wav")) {
            return true;
          }
        }
      }
      Thread.sleep(50);
    }
    return false;
  }

  private static String readLink(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString();
    } catch (Exception e) {
      return "";
    }
  }
}
