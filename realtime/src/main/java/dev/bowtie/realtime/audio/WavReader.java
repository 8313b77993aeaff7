package dev.bowtie.realtime.audio;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads RIFF/WAVE files: 16-, 24- and 32-bit integer PCM and 32- and 64-bit float, mono or stereo,
 * 8 to 48 kHz, with plain or {@code WAVE_FORMAT_EXTENSIBLE} headers. Chunks other than {@code fmt }
 * and {@code data} (LIST, fact, cue, ...) are skipped, with their odd-size padding.
 *
 * <p>Nothing is guessed and nothing is dropped: a file that is not a WAV, that is cut short (a data
 * chunk shorter than its header says, or ending inside a sample frame), that has no samples, or
 * that uses another encoding, channel count or rate is rejected with an {@link AudioFileException}
 * whose one-line message says what to do. The one exception is a data size of {@code 0xFFFFFFFF},
 * which streaming writers use for "unknown": the data then runs to the end of the file.
 *
 * <p>Stateless and thread-safe.
 */
public final class WavReader {
  /** Lowest sample rate Bowtie accepts. */
  public static final int MIN_RATE_HZ = 8000;

  /** Highest sample rate Bowtie accepts. */
  public static final int MAX_RATE_HZ = 48000;

  private static final int FORMAT_PCM = 0x0001;
  private static final int FORMAT_FLOAT = 0x0003;
  private static final int FORMAT_EXTENSIBLE = 0xFFFE;
  private static final long UNKNOWN_SIZE = 0xFFFFFFFFL;
  private static final int FRAMES_PER_READ = 8192;
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
  private static final String CONVERT_HINT = "convert it with: sox IN -b 16 OUT.wav";

  /** The bytes after the format tag in an extensible header's sub-format GUID. */
  private static final byte[] GUID_TAIL = {
    0x00,
    0x00,
    0x00,
    0x00,
    0x10,
    0x00,
    (byte) 0x80,
    0x00,
    0x00,
    (byte) 0xAA,
    0x00,
    0x38,
    (byte) 0x9B,
    0x71
  };

  private WavReader() {}

  /**
   * Reads a whole WAV file into memory; {@link #open} streams it instead.
   *
   * @param file the file to read
   * @return the samples of every channel, the rate and the encoding the file used
   * @throws AudioFileException if the file is missing, unreadable, not a WAV, damaged, empty, in an
   *     encoding Bowtie does not read, or too long to hold in one array
   */
  public static DecodedAudio read(Path file) throws AudioFileException {
    try (WavInput input = open(file)) {
      long frames = input.frames();
      if (frames > MAX_ARRAY) {
        throw new AudioFileException(file, "is too long to load; split it into shorter files");
      }
      int capacity = frames >= 0 ? (int) frames : FRAMES_PER_READ;
      float[][] samples = new float[input.channelCount()][capacity];
      int done = 0;
      for (int n;
          (n = input.read(samples, done, Math.min(FRAMES_PER_READ, capacity - done))) > 0; ) {
        done += n;
        if (done == capacity && frames < 0) {
          if (capacity == MAX_ARRAY) {
            throw new AudioFileException(file, "is too long to load; split it into shorter files");
          }
          capacity = (int) Math.min(MAX_ARRAY, 2L * capacity);
          for (int c = 0; c < samples.length; c++) {
            samples[c] = Arrays.copyOf(samples[c], capacity);
          }
        }
      }
      for (int c = 0; c < samples.length; c++) {
        samples[c] = done == samples[c].length ? samples[c] : Arrays.copyOf(samples[c], done);
      }
      return new DecodedAudio(samples, input.sampleRateHz(), input.encoding());
    }
  }

  /**
   * Opens a WAV file, or a pipe carrying one such as {@code /dev/stdin}, and reads its header; the
   * samples are then read block by block, in bounded memory whatever the length. Everything that
   * can be checked before the samples (format, and for a file the length against the data size) is
   * checked here; a pipe that ends early or a damaged sample is reported by {@link WavInput#read}.
   *
   * @param file the file or pipe to read
   * @return the open input, positioned at the first sample
   * @throws AudioFileException if the file is missing, unreadable, not a WAV, damaged, empty or in
   *     an encoding Bowtie does not read
   */
  public static WavInput open(Path file) throws AudioFileException {
    if (Files.isDirectory(file)) {
      throw new AudioFileException(file, "is a directory, not a WAV file; give the path of a .wav");
    }
    ByteSource source;
    try {
      source =
          Files.isRegularFile(file)
              ? new ByteSource(FileChannel.open(file, StandardOpenOption.READ))
              : new ByteSource(Channels.newChannel(stream(file)));
    } catch (NoSuchFileException e) {
      throw new AudioFileException(file, "no such file; check the path", e);
    } catch (AccessDeniedException e) {
      throw new AudioFileException(file, "permission denied; make the file readable", e);
    } catch (IOException e) {
      throw new AudioFileException(
          file, "cannot be read (" + AudioFileException.reason(e) + ")", e);
    }
    try {
      return open(file, source);
    } catch (IOException e) {
      source.close();
      throw new AudioFileException(
          file, "cannot be read (" + AudioFileException.reason(e) + ")", e);
    } catch (AudioFileException | RuntimeException e) {
      source.close();
      throw e;
    }
  }

  private static WavInput open(Path file, ByteSource source)
      throws IOException, AudioFileException {
    ByteBuffer riff = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    if (source.readUpTo(riff) == 0) {
      throw new AudioFileException(file, "is empty (0 bytes); give a WAV file with audio in it");
    }
    checkRiffHeader(file, riff.flip());

    long size = source.size();
    Format format = null;
    long dataStart = -1;
    long dataBytes = -1;
    ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    while (format == null || dataStart < 0) {
      if (source.readUpTo(header.clear()) < 8) {
        break;
      }
      String id = fourCc(header, 0);
      long length = Integer.toUnsignedLong(header.getInt(4));
      long body = source.position();
      long skip = length + (length & 1);
      if (id.equals("fmt ")) {
        ByteBuffer fmt = ByteBuffer.allocate((int) Math.min(length, 40));
        if (length < 16 || source.readUpTo(fmt.order(ByteOrder.LITTLE_ENDIAN)) < fmt.limit()) {
          throw truncated(file, "its format header is cut short");
        }
        format = Format.parse(file, fmt.flip());
        skip -= fmt.limit();
      } else if (id.equals("data")) {
        dataStart = body;
        dataBytes = length != UNKNOWN_SIZE ? length : size >= 0 ? size - body : -1;
        if (format != null) {
          break;
        }
        if (size < 0) {
          throw new AudioFileException(
              file,
              "has its samples before its format header, which can only be read from a file;"
                  + " save it to a file first");
        }
      }
      source.skip(skip);
    }
    if (format == null) {
      throw truncated(file, "it has no format chunk");
    }
    if (dataStart < 0) {
      throw truncated(file, "it has no data chunk");
    }
    if (size >= 0) {
      if (dataStart + dataBytes > size) {
        throw truncated(
            file,
            "its data chunk promises "
                + dataBytes
                + " bytes but only "
                + (size - dataStart)
                + " are there");
      }
      source.seek(dataStart);
    }
    int frameBytes = format.frameBytes();
    if (dataBytes >= 0 && dataBytes % frameBytes != 0) {
      throw truncated(file, "its data ends inside a sample frame");
    }
    if (dataBytes == 0) {
      throw new AudioFileException(file, "contains no audio samples; give a WAV file with audio");
    }
    return new WavInput(
        file,
        source,
        format.channels,
        format.sampleRateHz,
        format.encoding,
        dataBytes < 0 ? -1 : dataBytes / frameBytes);
  }

  private static void checkRiffHeader(Path file, ByteBuffer riff) throws AudioFileException {
    String magic = riff.limit() >= 4 ? fourCc(riff, 0) : "";
    if (magic.equals("RIFF") && riff.limit() == 12 && fourCc(riff, 8).equals("WAVE")) {
      return;
    }
    if (magic.equals("RIFF") && riff.limit() < 12) {
      throw truncated(file, "it ends inside the RIFF header");
    }
    String kind;
    if (magic.equals("RIFX")) {
      kind = "a big-endian WAV (RIFX), which Bowtie does not read";
    } else if (magic.equals("RF64")) {
      kind = "an RF64 file, which Bowtie does not read";
    } else if (magic.equals("fLaC")) {
      kind = "not a WAV file (it looks like FLAC)";
    } else if (magic.equals("OggS")) {
      kind = "not a WAV file (it looks like Ogg: Vorbis or Opus)";
    } else if (magic.startsWith("ID3") || (riff.get(0) == (byte) 0xFF && riff.limit() > 1)) {
      kind = "not a WAV file (it looks like MP3)";
    } else {
      kind = "not a WAV file (no RIFF/WAVE header)";
    }
    throw new AudioFileException(file, "is " + kind + "; " + CONVERT_HINT);
  }

  /**
   * A pipe or device read as a stream. {@link FileInputStream} asks the kernel how much is waiting
   * (which {@link Channels#newChannel} does between reads); the stream {@link Files#newInputStream}
   * makes answers by seeking, which a pipe refuses ("Illegal seek") whenever data arrives in parts.
   */
  private static InputStream stream(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString());
    }
    return new FileInputStream(file.toFile());
  }

  static AudioFileException truncated(Path file, String what) {
    return new AudioFileException(
        file, "is truncated or damaged: " + what + "; re-export or re-record it");
  }

  static String fourCc(ByteBuffer buffer, int offset) {
    byte[] id = new byte[4];
    for (int i = 0; i < 4; i++) {
      id[i] = buffer.get(offset + i);
    }
    return new String(id, StandardCharsets.ISO_8859_1);
  }

  /** The parts of the {@code fmt } chunk Bowtie uses, checked. */
  private record Format(int channels, int sampleRateHz, SampleEncoding encoding) {

    int frameBytes() {
      return channels * encoding.bytesPerSample();
    }

    static Format parse(Path file, ByteBuffer fmt) throws AudioFileException {
      int tag = fmt.getShort(0) & 0xFFFF;
      int channels = fmt.getShort(2) & 0xFFFF;
      long rate = Integer.toUnsignedLong(fmt.getInt(4));
      int blockAlign = fmt.getShort(12) & 0xFFFF;
      int bits = fmt.getShort(14) & 0xFFFF;
      if (tag == FORMAT_EXTENSIBLE) {
        if (fmt.limit() < 40) {
          throw truncated(file, "its extensible format header is cut short");
        }
        tag = fmt.getShort(24) & 0xFFFF;
        for (int i = 0; i < GUID_TAIL.length; i++) {
          if (fmt.get(26 + i) != GUID_TAIL[i]) {
            throw new AudioFileException(
                file, "uses an extensible sub-format Bowtie does not read; " + CONVERT_HINT);
          }
        }
      }
      SampleEncoding encoding = encoding(file, tag, bits);
      if (channels < 1 || channels > 2) {
        throw new AudioFileException(
            file,
            "has "
                + channels
                + " channels; Bowtie reads mono or stereo: downmix with: sox IN -c 1 OUT.wav");
      }
      if (rate < MIN_RATE_HZ || rate > MAX_RATE_HZ) {
        throw new AudioFileException(
            file,
            "has a sample rate of "
                + rate
                + " Hz, outside 8000..48000 Hz; resample it with: sox IN -r 16000 OUT.wav");
      }
      if (blockAlign != channels * encoding.bytesPerSample()) {
        throw truncated(
            file,
            "its header is inconsistent (block align "
                + blockAlign
                + " for "
                + channels
                + " channels of "
                + bits
                + " bits)");
      }
      return new Format(channels, (int) rate, encoding);
    }

    private static SampleEncoding encoding(Path file, int tag, int bits) throws AudioFileException {
      if (tag == FORMAT_PCM) {
        switch (bits) {
          case 16:
            return SampleEncoding.PCM_16;
          case 24:
            return SampleEncoding.PCM_24;
          case 32:
            return SampleEncoding.PCM_32;
          default:
            throw new AudioFileException(
                file,
                "is " + bits + "-bit integer PCM; Bowtie reads 16, 24 or 32 bits: " + CONVERT_HINT);
        }
      }
      if (tag == FORMAT_FLOAT && (bits == 32 || bits == 64)) {
        return bits == 32 ? SampleEncoding.FLOAT_32 : SampleEncoding.FLOAT_64;
      }
      String name;
      switch (tag) {
        case FORMAT_FLOAT:
          name = bits + "-bit float";
          break;
        case 0x0002:
        case 0x0011:
          name = "ADPCM";
          break;
        case 0x0006:
          name = "A-law";
          break;
        case 0x0007:
          name = "mu-law";
          break;
        case 0x0050:
        case 0x0055:
          name = "MPEG audio";
          break;
        default:
          name = String.format("format 0x%04X", tag);
      }
      throw new AudioFileException(
          file, "is encoded as " + name + ", which Bowtie does not read; " + CONVERT_HINT);
    }
  }
}
