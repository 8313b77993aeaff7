package dev.bowtie.realtime.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * An open WAV file or pipe, header read ({@link WavReader#open}), handing out its samples block by
 * block so that any length is read in bounded memory. Samples decode as {@link WavReader#read}
 * decodes them: integers to [-1, 1), floats as stored.
 *
 * <p>Float samples must be finite and at most {@link #MAX_FLOAT_SAMPLE} in magnitude: float files
 * legitimately exceed full scale by a few dB of headroom, but a value 60 dB above it is no
 * recording (typically integer data labelled as float), and would come out as full-scale noise.
 *
 * <p>Not thread-safe: one reader reads it and closes it.
 */
public final class WavInput implements AutoCloseable {
  /** Largest float sample magnitude accepted: 60 dB above full scale. */
  public static final float MAX_FLOAT_SAMPLE = 1000f;

  private final Path file;
  private final ByteSource source;
  private final int channels;
  private final int sampleRateHz;
  private final SampleEncoding encoding;
  private final long frames;
  private final int frameBytes;
  private long framesRead;
  private ByteBuffer block = ByteBuffer.allocate(0);

  WavInput(
      Path file,
      ByteSource source,
      int channels,
      int sampleRateHz,
      SampleEncoding encoding,
      long frames) {
    this.file = file;
    this.source = source;
    this.channels = channels;
    this.sampleRateHz = sampleRateHz;
    this.encoding = encoding;
    this.frames = frames;
    this.frameBytes = channels * encoding.bytesPerSample();
  }

  /** Number of channels, 1 or 2. */
  public int channelCount() {
    return channels;
  }

  /** Samples per second per channel. */
  public int sampleRateHz() {
    return sampleRateHz;
  }

  /** How the file stores each sample. */
  public SampleEncoding encoding() {
    return encoding;
  }

  /**
   * Frames (samples per channel) the header promises, or -1 when a pipe's header leaves the length
   * open ({@code 0xFFFFFFFF}) and the samples run to its end.
   */
  public long frames() {
    return frames;
  }

  /**
   * Reads the next frames; fewer than asked only at the end.
   *
   * @param into one array per channel
   * @param offset where in each array the first frame goes
   * @param maxFrames frames wanted
   * @return frames read, 0 at the end
   * @throws AudioFileException if the data ends before the header said, ends inside a frame, holds
   *     a float that is not finite or beyond {@link #MAX_FLOAT_SAMPLE}, or cannot be read
   */
  public int read(float[][] into, int offset, int maxFrames) throws AudioFileException {
    int count = frames < 0 ? maxFrames : (int) Math.min(maxFrames, frames - framesRead);
    if (count <= 0) {
      if (frames < 0 && framesRead == 0 && maxFrames > 0) {
        throw new AudioFileException(file, "contains no audio samples; give a WAV file with audio");
      }
      return 0;
    }
    if (block.capacity() < count * frameBytes) {
      block = ByteBuffer.allocate(count * frameBytes).order(ByteOrder.LITTLE_ENDIAN);
    }
    block.clear().limit(count * frameBytes);
    int bytes;
    try {
      bytes = source.readUpTo(block);
    } catch (IOException e) {
      throw new AudioFileException(
          file, "cannot be read (" + AudioFileException.reason(e) + ")", e);
    }
    if (bytes % frameBytes != 0) {
      throw WavReader.truncated(file, "its data ends inside a sample frame");
    }
    int got = bytes / frameBytes;
    if (frames >= 0 && got < count) {
      throw WavReader.truncated(
          file,
          "its data chunk promises "
              + frames * frameBytes
              + " bytes but it ended after "
              + (framesRead + got) * frameBytes);
    }
    if (got == 0 && framesRead == 0) {
      throw new AudioFileException(file, "contains no audio samples; give a WAV file with audio");
    }
    block.flip();
    for (int i = offset; i < offset + got; i++) {
      for (float[] samplesOfChannel : into) {
        samplesOfChannel[i] = decodeSample(block, encoding);
      }
    }
    if (encoding.isFloatingPoint()) {
      checkFloats(into, offset, got);
    }
    framesRead += got;
    return got;
  }

  @Override
  public void close() {
    source.close();
  }

  private void checkFloats(float[][] samples, int offset, int count) throws AudioFileException {
    for (float[] samplesOfChannel : samples) {
      for (int i = offset; i < offset + count; i++) {
        float v = samplesOfChannel[i];
        if (!Float.isFinite(v)) {
          throw new AudioFileException(
              file, "contains NaN or infinite samples; the file is damaged, re-export it");
        }
        if (Math.abs(v) > MAX_FLOAT_SAMPLE) {
          throw new AudioFileException(
              file,
              "contains float samples of "
                  + v
                  + ", over 60 dB above full scale (1.0); the file is damaged or is not float"
                  + " audio, re-export it");
        }
      }
    }
  }

  private static float decodeSample(ByteBuffer in, SampleEncoding encoding) {
    switch (encoding) {
      case PCM_16:
        return in.getShort() * (1.0f / 32768.0f);
      case PCM_24:
        int low = in.get() & 0xFF;
        int mid = in.get() & 0xFF;
        int high = in.get();
        return ((high << 16) | (mid << 8) | low) * (1.0f / 8388608.0f);
      case PCM_32:
        return (float) (in.getInt() * (1.0 / 2147483648.0));
      case FLOAT_32:
        return in.getFloat();
      case FLOAT_64:
        return (float) in.getDouble();
      default:
        throw new IllegalStateException("encoding " + encoding + " has no decoder");
    }
  }
}
