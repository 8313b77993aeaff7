package dev.bowtie.realtime.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes canonical RIFF/WAVE files: integer PCM with a plain {@code WAVE_FORMAT_PCM} header, float
 * with {@code WAVE_FORMAT_IEEE_FLOAT} and a {@code fact} chunk. The output is an {@link
 * OutputFile}: a file appears whole or not at all, a device or pipe is streamed to.
 *
 * <p>Samples are written block by block, so any length streams in bounded memory. The header
 * carries the length, so it is given up front; when it is not known (a pipe whose own header left
 * it open), the sizes are written as {@code 0xFFFFFFFF}, "unknown", and patched at the end when the
 * output is a file.
 *
 * <p>Integer encodings clip samples to [-1, 1] and round to the nearest step, so audio read by
 * {@link WavReader} and written back in its own encoding is bit-identical; NaN becomes silence.
 * Float encodings store the values as they are.
 *
 * <p>Not thread-safe: one thread writes a file and finishes or closes it.
 */
public final class WavWriter implements AutoCloseable {
  private static final int FORMAT_PCM = 0x0001;
  private static final int FORMAT_FLOAT = 0x0003;
  private static final long UNKNOWN_SIZE = 0xFFFFFFFFL;
  private static final long MAX_DATA_BYTES = 0xFFFFFFFFL - 64;
  private static final int FRAMES_PER_WRITE = 8192;

  private final OutputFile out;
  private final int channelCount;
  private final SampleEncoding encoding;
  private final long frames;
  private final int frameBytes;
  private final int headerBytes;
  private final ByteBuffer block;
  private long framesWritten;

  private WavWriter(
      OutputFile out, int channelCount, int rateHz, SampleEncoding encoding, long frames)
      throws AudioFileException {
    this.out = out;
    this.channelCount = channelCount;
    this.encoding = encoding;
    this.frames = frames;
    this.frameBytes = channelCount * encoding.bytesPerSample();
    this.block = ByteBuffer.allocate(FRAMES_PER_WRITE * frameBytes).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer header = header(channelCount, rateHz, encoding, frames);
    this.headerBytes = header.limit();
    out.write(header.array(), 0, headerBytes);
  }

  /**
   * Starts a WAV on an open output; the writer owns the output from here on.
   *
   * @param out where the file goes
   * @param channelCount 1 or 2
   * @param rateHz samples per second
   * @param encoding how to store each sample
   * @param frames the frames that will be written, or -1 when not known yet
   * @return the writer, header written
   * @throws AudioFileException if the length is too long for a WAV or the header cannot be written;
   *     the output is then closed, leaving nothing
   */
  public static WavWriter open(
      OutputFile out, int channelCount, int rateHz, SampleEncoding encoding, long frames)
      throws AudioFileException {
    try {
      if (frames * channelCount * encoding.bytesPerSample() > MAX_DATA_BYTES) {
        throw tooLong(out);
      }
      return new WavWriter(out, channelCount, rateHz, encoding, frames);
    } catch (AudioFileException | RuntimeException e) {
      out.close();
      throw e;
    }
  }

  /**
   * Writes audio in the encoding it carries, replacing an existing file.
   *
   * @param file the file to create or replace
   * @param audio the channels, rate and encoding to write
   * @throws AudioFileException if the file cannot be written or the audio is too long for a WAV;
   *     nothing is left behind
   */
  public static void write(Path file, DecodedAudio audio) throws AudioFileException {
    try (WavWriter writer =
        open(
            OutputFile.open(file, OutputFile.Existing.REPLACE),
            audio.channelCount(),
            audio.sampleRateHz(),
            audio.encoding(),
            audio.frames())) {
      writer.write(audio.channels(), 0, audio.frames());
      writer.finish();
    }
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

  /**
   * Appends frames.
   *
   * @param channels one array per channel
   * @param offset index of the first frame in each array
   * @param count frames to write
   * @throws IllegalStateException if that is more frames than promised to {@link #open}
   * @throws AudioFileException if writing fails
   */
  public void write(float[][] channels, int offset, int count) throws AudioFileException {
    if (channels.length != channelCount) {
      throw new IllegalArgumentException(
          channels.length + " channels given to a " + channelCount + "-channel file");
    }
    if (frames >= 0 && framesWritten + count > frames) {
      throw new IllegalStateException("more frames than the header promised (" + frames + ")");
    }
    if ((framesWritten + count) * frameBytes > MAX_DATA_BYTES) {
      throw tooLong(out);
    }
    for (int done = 0; done < count; ) {
      int n = Math.min(FRAMES_PER_WRITE, count - done);
      block.clear();
      for (int i = offset + done; i < offset + done + n; i++) {
        for (float[] channel : channels) {
          encodeSample(block, channel[i], encoding);
        }
      }
      out.write(block.array(), 0, block.position());
      done += n;
    }
    framesWritten += count;
  }

  /**
   * Completes the file: the pad byte, the sizes if they were unknown, and the commit that makes it
   * appear.
   *
   * @throws IllegalStateException if fewer frames were written than promised
   * @throws AudioFileException if the file cannot be completed; nothing is left behind
   */
  public void finish() throws AudioFileException {
    if (frames >= 0 && framesWritten != frames) {
      throw new IllegalStateException(
          framesWritten + " frames written of the " + frames + " the header promised");
    }
    long dataBytes = framesWritten * frameBytes;
    if ((dataBytes & 1) != 0) {
      out.write(new byte[1], 0, 1);
    }
    if (frames < 0 && out.seekable()) {
      ByteBuffer sizes = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
      out.writeAt(4, sizes.putInt(0, (int) (headerBytes - 8 + dataBytes + (dataBytes & 1))));
      if (encoding.isFloatingPoint()) {
        out.writeAt(headerBytes - 12, sizes.clear().putInt(0, (int) framesWritten));
      }
      out.writeAt(headerBytes - 4, sizes.clear().putInt(0, (int) dataBytes));
    }
    out.commit();
  }

  /** Closes the output; unless {@link #finish()} succeeded, nothing is left behind. */
  @Override
  public void close() {
    out.close();
  }

  private static AudioFileException tooLong(OutputFile out) {
    return new AudioFileException(
        out.target(), "would exceed the 4 GiB limit of a WAV file; write shorter files");
  }

  private static ByteBuffer header(
      int channelCount, int rateHz, SampleEncoding encoding, long frames) {
    boolean isFloat = encoding.isFloatingPoint();
    int frameBytes = channelCount * encoding.bytesPerSample();
    int fmtBytes = isFloat ? 18 : 16;
    int factBytes = isFloat ? 12 : 0;
    long dataBytes = frames < 0 ? UNKNOWN_SIZE : frames * frameBytes;
    long riffBytes =
        frames < 0
            ? UNKNOWN_SIZE
            : 4 + (8 + fmtBytes) + factBytes + 8 + dataBytes + (dataBytes & 1);
    ByteBuffer header = ByteBuffer.allocate(12 + 8 + fmtBytes + factBytes + 8);
    header.order(ByteOrder.LITTLE_ENDIAN);
    header.put(ascii("RIFF")).putInt((int) riffBytes).put(ascii("WAVE"));
    header.put(ascii("fmt ")).putInt(fmtBytes);
    header.putShort((short) (isFloat ? FORMAT_FLOAT : FORMAT_PCM));
    header.putShort((short) channelCount);
    header.putInt(rateHz);
    header.putInt(rateHz * frameBytes);
    header.putShort((short) frameBytes);
    header.putShort((short) encoding.bitsPerSample());
    if (isFloat) {
      header.putShort((short) 0);
      header.put(ascii("fact")).putInt(4).putInt(frames < 0 ? -1 : (int) frames);
    }
    header.put(ascii("data")).putInt((int) dataBytes);
    return header.flip();
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
