package dev.bowtie.realtime.audio;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes canonical RIFF/WAVE files: integer PCM with a plain {@code WAVE_FORMAT_PCM} header, float
 * with {@code WAVE_FORMAT_IEEE_FLOAT} and a {@code fact} chunk. The write is atomic (see {@link
 * AtomicFileWriter}): either the whole file appears or nothing does.
 *
 * <p>Integer encodings clip samples to [-1, 1] and round to the nearest step, so audio read by
 * {@link WavReader} and written back in its own encoding is bit-identical; NaN becomes silence.
 * Float encodings store the values as they are.
 *
 * <p>Stateless and thread-safe.
 */
public final class WavWriter {
  private static final int FORMAT_PCM = 0x0001;
  private static final int FORMAT_FLOAT = 0x0003;
  private static final long MAX_DATA_BYTES = 0xFFFFFFFFL - 64;
  private static final int FRAMES_PER_WRITE = 8192;

  private WavWriter() {}

  /**
   * Writes audio in the encoding it carries.
   *
   * @param file the file to create or replace
   * @param audio the channels, rate and encoding to write
   * @throws AudioFileException if the file cannot be written or the audio is too long for a WAV;
   *     nothing is left behind
   */
  public static void write(Path file, DecodedAudio audio) throws AudioFileException {
    float[][] channels = audio.channels();
    SampleEncoding encoding = audio.encoding();
    int frameBytes = channels.length * encoding.bytesPerSample();
    long dataBytes = (long) audio.frames() * frameBytes;
    if (dataBytes > MAX_DATA_BYTES) {
      throw new AudioFileException(
          file, "would exceed the 4 GiB limit of a WAV file; write shorter files");
    }
    AtomicFileWriter.write(
        file, out -> writeWav(out, channels, audio.sampleRateHz(), encoding, dataBytes));
  }

  /**
   * Writes one channel.
   *
   * @param file the file to create or replace
   * @param samples the samples
   * @param sampleRateHz samples per second
   * @param encoding how to store each sample
   * @throws AudioFileException if the file cannot be written; nothing is left behind
   */
  public static void writeMono(
      Path file, float[] samples, int sampleRateHz, SampleEncoding encoding)
      throws AudioFileException {
    write(file, DecodedAudio.mono(samples, sampleRateHz, encoding));
  }

  private static void writeWav(
      OutputStream out, float[][] channels, int rateHz, SampleEncoding encoding, long dataBytes)
      throws IOException {
    boolean isFloat = encoding.isFloatingPoint();
    int frameBytes = channels.length * encoding.bytesPerSample();
    int fmtBytes = isFloat ? 18 : 16;
    int factBytes = isFloat ? 12 : 0;
    long riffBytes = 4 + (8 + fmtBytes) + factBytes + 8 + dataBytes + (dataBytes & 1);
    ByteBuffer header = ByteBuffer.allocate(12 + 8 + fmtBytes + factBytes + 8);
    header.order(ByteOrder.LITTLE_ENDIAN);
    header.put(ascii("RIFF")).putInt((int) riffBytes).put(ascii("WAVE"));
    header.put(ascii("fmt ")).putInt(fmtBytes);
    header.putShort((short) (isFloat ? FORMAT_FLOAT : FORMAT_PCM));
    header.putShort((short) channels.length);
    header.putInt(rateHz);
    header.putInt(rateHz * frameBytes);
    header.putShort((short) frameBytes);
    header.putShort((short) encoding.bitsPerSample());
    if (isFloat) {
      header.putShort((short) 0);
      header.put(ascii("fact")).putInt(4).putInt(channels[0].length);
    }
    header.put(ascii("data")).putInt((int) dataBytes);
    out.write(header.array());

    int frames = channels[0].length;
    ByteBuffer block = ByteBuffer.allocate(FRAMES_PER_WRITE * frameBytes);
    block.order(ByteOrder.LITTLE_ENDIAN);
    for (int done = 0; done < frames; ) {
      int count = Math.min(FRAMES_PER_WRITE, frames - done);
      block.clear();
      for (int i = done; i < done + count; i++) {
        for (float[] channel : channels) {
          encodeSample(block, channel[i], encoding);
        }
      }
      out.write(block.array(), 0, block.position());
      done += count;
    }
    if ((dataBytes & 1) != 0) {
      out.write(0);
    }
  }

  private static void encodeSample(ByteBuffer out, float sample, SampleEncoding encoding) {
    switch (encoding) {
      case PCM_16:
        out.putShort((short) quantise(sample, 32768.0));
        break;
      case PCM_24:
        int v = (int) quantise(sample, 8388608.0);
        out.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
        break;
      case PCM_32:
        out.putInt((int) quantise(sample, 2147483648.0));
        break;
      case FLOAT_32:
        out.putFloat(sample);
        break;
      case FLOAT_64:
        out.putDouble(sample);
        break;
      default:
        throw new IllegalStateException("encoding " + encoding + " has no encoder");
    }
  }

  /** Rounds to the nearest integer step of full scale {@code scale}, clipping to the range. */
  private static long quantise(float sample, double scale) {
    if (Float.isNaN(sample)) {
      return 0;
    }
    long step = Math.round(sample * scale);
    return Math.max(-(long) scale, Math.min((long) scale - 1, step));
  }

  private static byte[] ascii(String fourCc) {
    return fourCc.getBytes(StandardCharsets.US_ASCII);
  }
}
