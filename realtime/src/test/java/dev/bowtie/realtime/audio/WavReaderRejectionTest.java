package dev.bowtie.realtime.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.realtime.testing.Sox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every way a file can be unusable gives one line naming the file, the problem and the fix. */
class WavReaderRejectionTest {
  @TempDir Path dir;

  private static String rejection(Path file) {
    AudioFileException e = assertThrows(AudioFileException.class, () -> WavReader.read(file));
    String message = e.getMessage();
    assertTrue(message.startsWith(file + ": "), message);
    assertFalse(message.contains("\n"), message);
    assertEquals(file, e.file());
    return message;
  }

  private static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), () -> "'" + message + "' should contain '" + part + "'");
    }
  }

  private Path soxTone(String name, String... formatArgs) throws Exception {
    Path file = dir.resolve(name);
    List<String> args = new java.util.ArrayList<>(List.of("-n"));
    args.addAll(Arrays.asList(formatArgs));
    args.addAll(List.of(file.toString(), "synth", "0.2", "sine", "440"));
    Sox.run(args.toArray(String[]::new));
    return file;
  }

  @Test
  void shouldRejectMissingFile() {
    assertContains(rejection(dir.resolve("nowhere.wav")), "no such file", "check the path");
  }

  @Test
  void shouldRejectDirectory() {
    assertContains(rejection(dir), "is a directory");
  }

  @Test
  void shouldRejectTextFile() throws Exception {
    Path file = dir.resolve("notes.wav");
    Files.writeString(file, "These are my notes, not audio.\n", StandardCharsets.UTF_8);
    assertContains(rejection(file), "not a WAV file", "sox IN -b 16 OUT.wav");
  }

  @Test
  void shouldRejectMp3MadeBySox() throws Exception {
    Path file = soxTone("speech.mp3", "-r", "16000");
    assertContains(rejection(file), "not a WAV file (it looks like MP3)");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"speech.flac, it looks like FLAC", "speech.ogg, it looks like Ogg"})
  void shouldNameFlacAndOggMadeBySox(String name, String expected) throws Exception {
    assertContains(rejection(soxTone(name, "-r", "16000")), "not a WAV file (" + expected);
  }

  @Test
  void shouldRejectFloatSamplesFarBeyondFullScale() throws Exception {
    Path file = dir.resolve("garbage.wav");
    byte[] data = RiffBuilder.float32(0.1f, 1e30f, -0.2f);
    Files.write(file, new RiffBuilder().fmt(3, 1, 16000, 32).chunk("data", data).build());
    assertContains(rejection(file), "1.0E30", "60 dB above full scale", "re-export it");
  }

  @Test
  void shouldAcceptFloatSamplesWithHeadroomAboveFullScale() throws Exception {
    Path file = dir.resolve("hot.wav");
    byte[] data = RiffBuilder.float32(3.5f, -WavInput.MAX_FLOAT_SAMPLE);
    Files.write(file, new RiffBuilder().fmt(3, 1, 16000, 32).chunk("data", data).build());
    assertArrayEquals(
        new float[] {3.5f, -WavInput.MAX_FLOAT_SAMPLE}, WavReader.read(file).channels()[0]);
  }

  @Test
  void shouldRejectZeroByteFile() throws Exception {
    Path file = Files.createFile(dir.resolve("empty.wav"));
    assertContains(rejection(file), "is empty (0 bytes)");
  }

  @Test
  void shouldRejectWavWithNoSamples() throws Exception {
    Path file = dir.resolve("silence.wav");
    WavWriter.writeMono(file, new float[0], 16000, SampleEncoding.PCM_16);
    assertContains(rejection(file), "contains no audio samples");
  }

  @ParameterizedTest(name = "cut to {0} bytes")
  @CsvSource({"4", "11", "20", "36", "43"})
  void shouldRejectTruncatedHeader(int keptBytes) throws Exception {
    Path whole = soxTone("whole.wav", "-r", "16000", "-b", "16");
    Path cut = dir.resolve("cut.wav");
    Files.write(cut, Arrays.copyOf(Files.readAllBytes(whole), keptBytes));
    assertContains(rejection(cut), "truncated or damaged", "re-export or re-record it");
  }

  @Test
  void shouldRejectTruncatedDataRatherThanDropSamples() throws Exception {
    Path whole = soxTone("whole.wav", "-r", "16000", "-b", "16");
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = dir.resolve("cut.wav");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length - 1000));
    assertContains(rejection(cut), "truncated", "promises 6400 bytes but only 5400 are there");
  }

  @Test
  void shouldRejectDataEndingInsideAFrame() throws Exception {
    Path file = dir.resolve("half-frame.wav");
    byte[] data = Arrays.copyOf(RiffBuilder.pcm16((short) 1, (short) 2, (short) 3), 5);
    Files.write(file, new RiffBuilder().fmt(1, 1, 16000, 16).chunk("data", data).build());
    assertContains(rejection(file), "ends inside a sample frame");
  }

  @Test
  void shouldRejectNonFiniteFloatSamples() throws Exception {
    Path file = dir.resolve("nan.wav");
    byte[] data = RiffBuilder.float32(0.1f, Float.NaN);
    Files.write(file, new RiffBuilder().fmt(3, 1, 16000, 32).chunk("data", data).build());
    assertContains(rejection(file), "NaN or infinite");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "-r 16000 -b 8|is 8-bit integer PCM",
        "-r 16000 -e mu-law|mu-law",
        "-r 16000 -e a-law|A-law",
        "-r 16000 -e ima-adpcm|ADPCM",
        "-r 16000 -e ms-adpcm|ADPCM",
        "-r 16000 -c 3 -b 16|has 3 channels; Bowtie reads mono or stereo",
        "-r 6000 -b 16|sample rate of 6000 Hz, outside 8000..48000 Hz",
        "-r 96000 -b 24|sample rate of 96000 Hz, outside 8000..48000 Hz"
      })
  void shouldRejectUnsupportedEncodingsMadeBySox(String soxFormat, String expected)
      throws Exception {
    Path file = soxTone("unsupported.wav", soxFormat.split(" "));
    String message = rejection(file);
    assertContains(message, expected, "sox IN");
  }

  @Test
  void shouldRejectBigEndianRifx() throws Exception {
    Path file = dir.resolve("rifx.wav");
    byte[] bytes = new RiffBuilder().fmt(1, 1, 16000, 16).chunk("data", new byte[4]).build();
    bytes[3] = 'X';
    Files.write(file, bytes);
    assertContains(rejection(file), "big-endian WAV (RIFX)");
  }
}
