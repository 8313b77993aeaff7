package dev.bowtie.realtime.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bowtie.realtime.testing.Sox;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WavReaderTest {
  @TempDir Path dir;

  /** Decodes {@code wav} with sox into interleaved float32, the reference for our decoder. */
  private float[] soxDecode(Path wav) throws IOException, InterruptedException {
    Path raw = dir.resolve("reference.f32");
    Sox.run(wav.toString(), "-t", "raw", "-e", "floating-point", "-b", "32", "-L", raw.toString());
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
    float[] samples = new float[bytes.remaining() / 4];
    bytes.asFloatBuffer().get(samples);
    return samples;
  }

  private static float[] interleave(DecodedAudio audio) {
    float[] out = new float[audio.frames() * audio.channelCount()];
    for (int i = 0; i < audio.frames(); i++) {
      for (int c = 0; c < audio.channelCount(); c++) {
        out[i * audio.channelCount() + c] = audio.channels()[c][i];
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0} Hz, {1} channels, {2}")
  @CsvSource({
    "8000, 1, -b 16, PCM_16",
    "16000, 2, -b 16, PCM_16",
    "22050, 1, -b 24, PCM_24",
    "44100, 2, -b 24, PCM_24",
    "48000, 2, -b 32, PCM_32",
    "32000, 1, -e floating-point -b 32, FLOAT_32",
    "48000, 2, -e floating-point -b 64, FLOAT_64"
  })
  void shouldDecodeSoxFilesExactlyAsSoxDoes(
      int rateHz, int channels, String encodingArgs, SampleEncoding expected) throws Exception {
    Path wav = dir.resolve("tone.wav");
    String[] enc = encodingArgs.split(" ");
    String[] args = new String[8 + enc.length + 6];
    int i = 0;
    for (String a : new String[] {"-n", "-r", "" + rateHz, "-c", "" + channels, "-D"}) {
      args[i++] = a;
    }
    for (String a : enc) {
      args[i++] = a;
    }
    for (String a : new String[] {wav.toString(), "synth", "0.25", "sine", "440", "sine", "3000"}) {
      args[i++] = a;
    }
    Sox.run(java.util.Arrays.copyOf(args, i));

    DecodedAudio audio = WavReader.read(wav);

    assertEquals(rateHz, audio.sampleRateHz());
    assertEquals(channels, audio.channelCount());
    assertEquals(expected, audio.encoding());
    assertEquals(rateHz / 4, audio.frames());
    // sox holds samples as 32-bit integers and rounds its own way when it writes float, so
    // 32-bit integer and 64-bit float agree to one float step (2^-23); the rest exactly.
    float tolerance =
        expected == SampleEncoding.PCM_32 || expected == SampleEncoding.FLOAT_64 ? 0x1p-23f : 0f;
    assertArrayEquals(soxDecode(wav), interleave(audio), tolerance);
  }

  @Test
  void shouldReadSoxExtensibleHeaderOf24BitStereo() throws Exception {
    Path wav = dir.resolve("ext.wav");
    Sox.run(
        "-n", "-r", "44100", "-b", "24", "-c", "2", wav.toString(), "synth", "0.1", "sine", "1000");
    byte[] bytes = Files.readAllBytes(wav);
    assertEquals(
        0xFFFE, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getShort(20) & 0xFFFF);

    DecodedAudio audio = WavReader.read(wav);

    assertEquals(SampleEncoding.PCM_24, audio.encoding());
    assertEquals(4410, audio.frames());
    assertArrayEquals(soxDecode(wav), interleave(audio));
  }

  @Test
  void shouldReadExtensibleFloatAndSkipUnknownOddChunks() throws Exception {
    Path wav = dir.resolve("chunks.wav");
    byte[] file =
        new RiffBuilder()
            .chunk("LIST", new byte[] {'I', 'N', 'F', 'O', 'x'})
            .extensibleFmt(3, 1, 16000, 32)
            .chunk("junk", new byte[3])
            .chunk("data", RiffBuilder.float32(0.5f, -0.25f, 1.5f))
            .chunk("cue ", new byte[7])
            .build();
    Files.write(wav, file);

    DecodedAudio audio = WavReader.read(wav);

    assertEquals(SampleEncoding.FLOAT_32, audio.encoding());
    assertEquals(16000, audio.sampleRateHz());
    assertArrayEquals(new float[] {0.5f, -0.25f, 1.5f}, audio.channels()[0]);
  }

  @Test
  void shouldReadOddLengthDataAndFmtAfterData() throws Exception {
    Path wav = dir.resolve("late-fmt.wav");
    byte[] file =
        new RiffBuilder()
            .chunk("data", RiffBuilder.pcm16((short) 16384, (short) -32768, (short) 1))
            .fmt(1, 1, 8000, 16)
            .build();
    Files.write(wav, file);

    DecodedAudio audio = WavReader.read(wav);

    assertArrayEquals(new float[] {0.5f, -1f, 1f / 32768}, audio.channels()[0]);
  }

  @Test
  void shouldReadToEndOfFileWhenDataSizeIsUnknown() throws Exception {
    Path wav = dir.resolve("streamed.wav");
    byte[] file =
        new RiffBuilder()
            .fmt(1, 2, 16000, 16)
            .chunk("data", RiffBuilder.pcm16((short) 1, (short) 2))
            .build();
    ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0xFFFFFFFF);
    Files.write(wav, file);

    DecodedAudio audio = WavReader.read(wav);

    assertEquals(1, audio.frames());
    assertEquals(2f / 32768, audio.channels()[1][0]);
  }

  @Test
  void shouldReadAPipeWhoseDataArrivesInParts() throws Exception {
    float[] samples = new float[48000];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 48000.0));
    }
    Path file = dir.resolve("tone.wav");
    WavWriter.writeMono(file, samples, 48000, SampleEncoding.PCM_16);
    byte[] bytes = Files.readAllBytes(file);
    Path fifo = dir.resolve("pipe");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    Thread writer =
        new Thread(
            () -> {
              try (var out = Files.newOutputStream(fifo)) {
                // The header and a few samples first, the rest after a pause: the reader then
                // returns part of a block and asks the pipe how much is waiting.
                out.write(bytes, 0, 1000);
                out.flush();
                Thread.sleep(300);
                out.write(bytes, 1000, bytes.length - 1000);
              } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    writer.start();
    DecodedAudio read = WavReader.read(fifo);
    writer.join();
    assertArrayEquals(WavReader.read(file).channels()[0], read.channels()[0]);
  }
}
