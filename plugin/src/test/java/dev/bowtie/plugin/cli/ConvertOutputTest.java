package dev.bowtie.plugin.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.realtime.audio.DecodedAudio;
import dev.bowtie.realtime.audio.WavReader;
import dev.bowtie.realtime.testing.Sox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where {@code bowtie convert} writes, by what the output path is, and what it never overwrites.
 */
class ConvertOutputTest {
  @TempDir Path dir;
  private Path in;
  private byte[] inBytes;

  @BeforeEach
  void tone() throws Exception {
    in = dir.resolve("tone.wav");
    Sox.run(
        "-n", "-r", "16000", "-b", "16", in.toString(), "synth", "1", "sine", "300", "vol", "0.3");
    inBytes = Files.readAllBytes(in);
  }

  private List<String> names() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void shouldStreamToDevNullAndLeaveItADevice() throws Exception {
    CliRun run = CliRun.of("convert", in.toString(), "/dev/null", "--synthesis", "residual");
    assertEquals(0, run.exitCode(), run.err());
    assertFalse(Files.isRegularFile(Path.of("/dev/null")));
    assertTrue(Files.isWritable(Path.of("/dev/null")));
    assertEquals(List.of("tone.wav"), names());
  }

  @Test
  void shouldWriteThroughASymlinkAndKeepTheLink() throws Exception {
    Path target = dir.resolve("target.wav");
    Files.writeString(target, "old");
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
    Path link = Files.createSymbolicLink(dir.resolve("link.wav"), target.getFileName());
    CliRun run = CliRun.of("convert", in.toString(), link.toString(), "--synthesis", "residual");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(Files.isSymbolicLink(link));
    assertEquals(target.getFileName(), Files.readSymbolicLink(link));
    assertEquals(16000, WavReader.read(target).frames());
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    assertEquals(List.of("link.wav", "target.wav", "tone.wav"), names());
  }

  @Test
  void shouldStreamACompleteWavIntoAFifo() throws Exception {
    Path fifo = dir.resolve("pipe.wav");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertEquals(0, mkfifo.waitFor());
    CompletableFuture<byte[]> reader =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return Files.readAllBytes(fifo);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    CliRun run = CliRun.of("convert", in.toString(), fifo.toString(), "--synthesis", "residual");
    assertEquals(0, run.exitCode(), run.err());
    byte[] received = reader.get(60, TimeUnit.SECONDS);
    assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo), "the FIFO was replaced");
    Path copy = dir.resolve("received.wav");
    Files.write(copy, received);
    DecodedAudio audio = WavReader.read(copy);
    assertEquals(16000, audio.frames());
    assertEquals(inBytes.length, received.length);
  }

  @Test
  void shouldRefuseToOverwriteTheInputByAnyName() throws Exception {
    Path hard = Files.createLink(dir.resolve("hard.wav"), in);
    Path soft = Files.createSymbolicLink(dir.resolve("soft.wav"), in);
    Path dotted = dir.resolve(".").resolve("tone.wav");
    for (Path out : List.of(in, hard, soft, dotted)) {
      CliRun run = CliRun.of("convert", in.toString(), out.toString());
      assertEquals(1, run.exitCode(), out + ": " + run.err());
      assertEquals(1, run.errLines().length, run.err());
      assertTrue(run.err().contains("is the input file itself"), run.err());
      assertArrayEquals(inBytes, Files.readAllBytes(in));
    }
    assertEquals(List.of("hard.wav", "soft.wav", "tone.wav"), names());
  }

  @Test
  void shouldNameEachSettingInTheDefaultNameAndNeverOverwriteOne() throws Exception {
    Path pitched = Path.of("tone-identity-pitch+3.wav");
    Path residual = Path.of("tone-identity-residual.wav");
    try {
      Files.deleteIfExists(pitched);
      Files.deleteIfExists(residual);
      assertEquals(0, CliRun.of("convert", in.toString(), "--pitch", "3").exitCode());
      assertEquals(0, CliRun.of("convert", in.toString(), "--synthesis", "residual").exitCode());
      byte[] first = Files.readAllBytes(residual);
      assertEquals(16000, WavReader.read(pitched).frames());

      CliRun again = CliRun.of("convert", in.toString(), "--synthesis", "residual");
      assertEquals(1, again.exitCode());
      assertEquals(1, again.errLines().length, again.err());
      assertTrue(again.err().contains("tone-identity-residual.wav: already exists"), again.err());
      assertArrayEquals(first, Files.readAllBytes(residual));
    } finally {
      Files.deleteIfExists(pitched);
      Files.deleteIfExists(residual);
    }
  }
}
