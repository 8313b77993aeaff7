package dev.bowtie.plugin.pulse;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * A blocking mono stream to or from one sound-server device, through libpulse-simple: {@link
 * #write} plays a block, {@link #read} records one, each waiting until the server has taken or
 * delivered it. The server is asked for a small buffer from a latency target (playback: {@code
 * tlength}; capture: {@code fragsize}).
 *
 * <p>Real-time contract: after construction, {@link #write} and {@link #read} allocate nothing,
 * lock nothing in Java and log nothing; they convert through buffers made at construction. When the
 * server goes away they return false and {@link #failure()} says what happened in one line, so the
 * caller can close this stream and open a new one. Samples are clamped to [-1, 1] and non-finite
 * samples are played as silence.
 *
 * <p>Thread rules: not thread-safe; one thread reads or writes (and then closes) a stream.
 */
public final class PulseStream implements AutoCloseable {
  /** Which way the audio flows. */
  public enum Direction {
    /** Bowtie writes, the device plays. */
    PLAYBACK,
    /** The device records, Bowtie reads. */
    CAPTURE
  }

  /** The sample format on the wire; conversion to and from floats happens in this class. */
  public enum SampleFormat {
    /** Signed 16-bit little-endian. */
    S16(PulseSimpleLibrary.PA_SAMPLE_S16LE, Short.BYTES),
    /** 32-bit float little-endian. */
    FLOAT(PulseSimpleLibrary.PA_SAMPLE_FLOAT32LE, Float.BYTES);

    final int paFormat;
    final int bytes;

    SampleFormat(int paFormat, int bytes) {
      this.paFormat = paFormat;
      this.bytes = bytes;
    }
  }

  /**
   * What to open.
   *
   * @param server a server address, or null for the default ({@code PULSE_SERVER}, then the user's
   *     socket)
   * @param device a sink (playback) or source (capture) name, or null for the default device
   * @param sampleRate Hz, 1 to 384000
   * @param format the wire format
   * @param targetMillis the latency to ask the server for, 1 to 2000 ms
   * @param maxFrames the largest block {@link #write} or {@link #read} will get
   */
  public record Settings(
      String server,
      String device,
      int sampleRate,
      SampleFormat format,
      int targetMillis,
      int maxFrames) {
    /** Checks the ranges. */
    public Settings {
      if (sampleRate < 1 || sampleRate > 384_000) {
        throw new IllegalArgumentException("sample rate " + sampleRate + " is not 1 to 384000");
      }
      if (targetMillis < 1 || targetMillis > 2000) {
        throw new IllegalArgumentException("latency target " + targetMillis + " is not 1 to 2000");
      }
      if (maxFrames < 1) {
        throw new IllegalArgumentException("block size " + maxFrames + " is below 1");
      }
      if (format == null) {
        throw new IllegalArgumentException("no sample format");
      }
    }

    String deviceLabel() {
      return device == null ? "the default device" : "\"" + device + "\"";
    }
  }

  private static final String APPLICATION = "Bowtie";
  private static final int PA_ERR_NOENTITY = 5;
  private static final int PA_ERR_CONNECTIONREFUSED = 6;

  private final PulseSimpleLibrary simple;
  private final Direction direction;
  private final Settings settings;
  private final Memory buffer;
  private final Memory errorCode = new Memory(Integer.BYTES);
  private final short[] shorts;
  private final float[] floats;
  private Pointer handle;
  private String failure;

  /**
   * Opens the stream.
   *
   * @param simple the libpulse-simple binding (the real one from {@link PulseNative}, or a fake)
   * @throws PulseException when the device does not exist, no server answers or the server refuses,
   *     in one line naming the device
   */
  public PulseStream(PulseSimpleLibrary simple, Direction direction, Settings settings)
      throws PulseException {
    this.simple = simple;
    this.direction = direction;
    this.settings = settings;
    int bytesPerFrame = settings.format().bytes;
    this.buffer = new Memory((long) settings.maxFrames() * bytesPerFrame);
    this.shorts = new short[settings.format() == SampleFormat.S16 ? settings.maxFrames() : 0];
    this.floats = new float[settings.format() == SampleFormat.FLOAT ? settings.maxFrames() : 0];

    PulseLibrary.pa_sample_spec spec = new PulseLibrary.pa_sample_spec();
    spec.format = settings.format().paFormat;
    spec.rate = settings.sampleRate();
    spec.channels = 1;
    PulseSimpleLibrary.pa_buffer_attr attr = new PulseSimpleLibrary.pa_buffer_attr();
    int targetBytes =
        (int) ((long) settings.sampleRate() * settings.targetMillis() / 1000) * bytesPerFrame;
    int dir;
    if (direction == Direction.PLAYBACK) {
      attr.tlength = Math.max(targetBytes, bytesPerFrame);
      dir = PulseSimpleLibrary.PA_STREAM_PLAYBACK;
    } else {
      attr.fragsize = Math.max(targetBytes, bytesPerFrame);
      dir = PulseSimpleLibrary.PA_STREAM_RECORD;
    }
    errorCode.setInt(0, 0);
    handle =
        simple.pa_simple_new(
            settings.server(),
            APPLICATION,
            dir,
            settings.device(),
            direction == Direction.PLAYBACK ? "Bowtie voice" : "Bowtie microphone",
            spec,
            null,
            attr,
            errorCode);
    if (handle == null) {
      throw openFailure(errorCode.getInt(0));
    }
  }

  private PulseException openFailure(int error) {
    String reason = simple.pa_strerror(error);
    String kind = direction == Direction.PLAYBACK ? "sink" : "source";
    if (error == PA_ERR_NOENTITY) {
      return new PulseException(
          "the sound server has no "
              + kind
              + " named "
              + settings.deviceLabel()
              + " ("
              + reason
              + "): pick a name from the device list");
    }
    if (error == PA_ERR_CONNECTIONREFUSED) {
      return new PulseException(
          "no sound server answers for "
              + settings.deviceLabel()
              + " ("
              + reason
              + "): start PulseAudio or PipeWire, or point PULSE_SERVER at a running one");
    }
    return new PulseException(
        "could not open " + kind + " " + settings.deviceLabel() + " (" + reason + ")");
  }

  /**
   * Plays one block, waiting while the server's buffer is full.
   *
   * @param block samples in [-1, 1]
   * @param frames how many of them, at most {@link Settings#maxFrames()}
   * @return false when the stream has failed (see {@link #failure()}); it stays failed
   */
  public boolean write(float[] block, int frames) {
    requireDirection(Direction.PLAYBACK, frames);
    if (failure != null) {
      return false;
    }
    if (settings.format() == SampleFormat.S16) {
      for (int i = 0; i < frames; i++) {
        shorts[i] = (short) Math.round(clamp(block[i]) * Short.MAX_VALUE);
      }
      buffer.write(0, shorts, 0, frames);
    } else {
      for (int i = 0; i < frames; i++) {
        floats[i] = clamp(block[i]);
      }
      buffer.write(0, floats, 0, frames);
    }
    if (simple.pa_simple_write(handle, buffer, (long) frames * settings.format().bytes, errorCode)
        < 0) {
      return fail("playing");
    }
    return true;
  }

  /**
   * Records one block, waiting until the server has delivered it.
   *
   * @param block where the samples go, in [-1, 1]
   * @param frames how many to read, at most {@link Settings#maxFrames()}
   * @return false when the stream has failed (see {@link #failure()}); the block is then untouched
   */
  public boolean read(float[] block, int frames) {
    requireDirection(Direction.CAPTURE, frames);
    if (failure != null) {
      return false;
    }
    if (simple.pa_simple_read(handle, buffer, (long) frames * settings.format().bytes, errorCode)
        < 0) {
      return fail("recording");
    }
    if (settings.format() == SampleFormat.S16) {
      buffer.read(0, shorts, 0, frames);
      for (int i = 0; i < frames; i++) {
        block[i] = shorts[i] / 32768f;
      }
    } else {
      buffer.read(0, floats, 0, frames);
      for (int i = 0; i < frames; i++) {
        block[i] = clamp(floats[i]);
      }
    }
    return true;
  }

  private void requireDirection(Direction wanted, int frames) {
    if (direction != wanted) {
      throw new IllegalStateException("this stream is for " + direction);
    }
    if (frames < 0 || frames > settings.maxFrames()) {
      throw new IllegalArgumentException(
          "block of " + frames + " frames is not 0 to " + settings.maxFrames());
    }
  }

  private static float clamp(float sample) {
    if (!(sample >= -1f)) {
      // NaN lands here too: silence, never noise.
      return sample < -1f ? -1f : 0f;
    }
    return Math.min(sample, 1f);
  }

  private boolean fail(String what) {
    failure =
        "the stream for sound device "
            + settings.deviceLabel()
            + " failed while "
            + what
            + " ("
            + simple.pa_strerror(errorCode.getInt(0))
            + "): check that the sound server still runs, then open the stream again";
    return false;
  }

  /**
   * @return why the stream failed, in one line naming the device; null while it works
   */
  public String failure() {
    return failure;
  }

  /**
   * @return the server's estimate of playback or recording latency in microseconds, or -1 when it
   *     cannot tell
   */
  public long latencyMicros() {
    if (failure != null) {
      return -1;
    }
    return simple.pa_simple_get_latency(handle, errorCode);
  }

  /**
   * Waits until everything written has been played.
   *
   * @return false when the stream has failed (see {@link #failure()})
   */
  public boolean drain() {
    if (failure != null) {
      return false;
    }
    return simple.pa_simple_drain(handle, errorCode) >= 0 || fail("draining");
  }

  /**
   * Drops what is buffered but not yet played or read.
   *
   * @return false when the stream has failed (see {@link #failure()})
   */
  public boolean flush() {
    if (failure != null) {
      return false;
    }
    return simple.pa_simple_flush(handle, errorCode) >= 0 || fail("flushing");
  }

  /** Frees the stream; safe to call twice. Reads and writes after it return false. */
  @Override
  public void close() {
    if (handle != null) {
      simple.pa_simple_free(handle);
      handle = null;
      failure = "the stream for sound device " + settings.deviceLabel() + " is closed";
      buffer.close();
      errorCode.close();
    }
  }
}
