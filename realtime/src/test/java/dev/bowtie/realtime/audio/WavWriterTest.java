package dev.bowtie.realtime.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.realtime.testing.Sox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WavWriterTest {
  @TempDir Path dir;

  /** Every value an encoding can hold at the ends and around zero, plus a ramp in between. */
  private static float[][] representable(SampleEncoding encoding, int channels) {
    double scale = Math.pow(2, encoding.bitsPerSample() - 1);
    float[][] samples = new float[channels][1001];
    for (int c = 0; c < channels; c++) {
      for (int i = 0; i < samples[c].length; i++) {
        double v = (i - 500) / 500.0 * (c == 0 ? 1 : -0.7);
        double step = Math.min(scale - 1, Math.floor(v * scale));
        samples[c][i] = encoding.isFloatingPoint() ? (float) v : (float) (step / scale + 0.0);
      }
      samples[c][0] = -1f;
    }
    return samples;
  }

  private List<Path> filesIn(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.toList();
    }
  }

  @ParameterizedTest
  @EnumSource(SampleEncoding.class)
  void shouldReadBackBitIdenticalSamplesInEveryEncoding(SampleEncoding encoding) throws Exception {
    Path file = dir.resolve("round-trip.wav");
    float[][] samples = representable(encoding, 2);

    WavWriter.write(file, new DecodedAudio(samples, 22050, encoding));
    DecodedAudio back = WavReader.read(file);

    assertEquals(encoding, back.encoding());
    assertEquals(22050, back.sampleRateHz());
    assertArrayEquals(samples[0], back.channels()[0]);
    assertArrayEquals(samples[1], back.channels()[1]);
    assertEquals(List.of(file), filesIn(dir));
  }

  @Test
  void shouldWriteOddLength24BitMonoWithPadByteThatSoxAccepts() throws Exception {
    Path file = dir.resolve("odd.wav");
    WavWriter.writeMono(file, new float[] {0.25f, -0.5f, 0.75f}, 8000, SampleEncoding.PCM_24);

    assertEquals(44 + 9 + 1, Files.size(file));
    Path copy = dir.resolve("copy.wav");
    Sox.run(file.toString(), copy.toString());
    assertArrayEquals(new float[] {0.25f, -0.5f, 0.75f}, WavReader.read(copy).channels()[0]);
  }

  @Test
  void shouldClipAndSilenceNaNWhenQuantising() throws Exception {
    Path file = dir.resolve("clip.wav");
    WavWriter.writeMono(file, new float[] {1.5f, -3f, Float.NaN, 1f}, 16000, SampleEncoding.PCM_16);

    float[] back = WavReader.read(file).channels()[0];

    assertArrayEquals(new float[] {32767f / 32768, -1f, 0f, 32767f / 32768}, back);
  }

  @Test
  void shouldReplaceExistingFileWhole() throws Exception {
    Path file = dir.resolve("out.wav");
    WavWriter.writeMono(file, new float[100], 16000, SampleEncoding.PCM_16);
    WavWriter.writeMono(file, new float[] {0.5f}, 16000, SampleEncoding.FLOAT_32);

    assertArrayEquals(new float[] {0.5f}, WavReader.read(file).channels()[0]);
    assertEquals(List.of(file), filesIn(dir));
  }

  @Test
  void shouldNameMissingDirectoryAndWriteNothing() {
    Path file = dir.resolve("no-such-dir").resolve("out.wav");
    AudioFileException e =
        assertThrows(
            AudioFileException.class,
            () -> WavWriter.writeMono(file, new float[10], 16000, SampleEncoding.PCM_16));
    assertEquals(
        file
            + ": cannot be written: directory "
            + file.getParent()
            + " does not exist; create it or choose another output path",
        e.getMessage());
    assertFalse(Files.exists(file.getParent()));
  }

  @Test
  void shouldNameUnwritableDirectory() {
    // sysfs refuses new files even to root, so this holds however the tests are run.
    Path file = Path.of("/sys/kernel/bowtie-out.wav");
    AudioFileException e =
        assertThrows(
            AudioFileException.class,
            () -> WavWriter.writeMono(file, new float[10], 16000, SampleEncoding.PCM_16));
    assertEquals(
        file
            + ": cannot be written: directory /sys/kernel is not writable; choose another output"
            + " path",
        e.getMessage());
    assertFalse(Files.exists(file));
  }

  @Test
  void shouldRefuseToReplaceADirectory() throws Exception {
    Path target = Files.createDirectory(dir.resolve("out.wav"));
    AudioFileException e =
        assertThrows(
            AudioFileException.class,
            () -> WavWriter.writeMono(target, new float[10], 16000, SampleEncoding.PCM_16));
    assertTrue(e.getMessage().endsWith("is a directory; give a file name for the output"));
    assertEquals(List.of(target), filesIn(dir));
  }

  @Test
  void shouldLeaveNoPartialFileAndKeepOldTargetWhenWritingFails() throws Exception {
    Path target = dir.resolve("features.bin");
    Files.writeString(target, "previous run");

    AudioFileException e =
        assertThrows(
            AudioFileException.class,
            () ->
                OutputFile.write(
                    target,
                    out -> {
                      out.write(new byte[200_000]);
                      throw new IOException("No space left on device");
                    }));

    assertEquals(
        target
            + ": cannot be written (No space left on device); check free disk space and try again",
        e.getMessage());
    assertEquals(List.of(target), filesIn(dir));
    assertEquals("previous run", Files.readString(target));
  }

  @Test
  void shouldLeaveNoPartialFileWhenContentThrowsUnchecked() throws Exception {
    Path target = dir.resolve("out.npy");
    assertThrows(
        IllegalStateException.class,
        () ->
            OutputFile.write(
                target,
                out -> {
                  out.write(1);
                  throw new IllegalStateException("bug in a caller");
                }));
    assertEquals(List.of(), filesIn(dir));
  }

  @Test
  void shouldDownmixStereoToTheMeanOfItsChannels() {
    DecodedAudio stereo =
        new DecodedAudio(
            new float[][] {{0.5f, 1f, -1f}, {-0.25f, 1f, 0.5f}}, 16000, SampleEncoding.PCM_16);
    assertArrayEquals(new float[] {0.125f, 1f, -0.25f}, stereo.downmixToMono());
    float[] mono = {0.1f};
    assertTrue(DecodedAudio.mono(mono, 8000, SampleEncoding.PCM_16).downmixToMono() == mono);
  }
}
