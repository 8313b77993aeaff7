package dev.bowtie.plugin.pulse;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * libpulse-simple's blocking stream API with the C names. Every argument is a primitive or a {@link
 * Pointer} (the data, the {@code int *error} out-parameter) so that the real binding, {@link
 * PulseNative#loadSimple()}, can use JNA's direct mapping, whose calls allocate nothing on the Java
 * heap. {@code size_t} and {@code pa_usec_t} are Java longs (64-bit Linux). {@link PulseStream}
 * takes this interface in its constructor, so tests can hand it a fake.
 *
 * <p>Thread rules are libpulse-simple's: one {@code pa_simple} is used from one thread at a time.
 */
public interface PulseSimpleLibrary {
  /** {@code pa_stream_direction_t}: playback. */
  int PA_STREAM_PLAYBACK = 1;

  /** {@code pa_stream_direction_t}: recording. */
  int PA_STREAM_RECORD = 2;

  /** {@code pa_sample_format_t}: signed 16-bit little-endian. */
  int PA_SAMPLE_S16LE = 3;

  /** {@code pa_sample_format_t}: 32-bit IEEE float little-endian. */
  int PA_SAMPLE_FLOAT32LE = 5;

  /** {@code pa_buffer_attr}: every field in bytes, {@code -1} for the server's default. */
  @FieldOrder({"maxlength", "tlength", "prebuf", "minreq", "fragsize"})
  class pa_buffer_attr extends Structure {
    public int maxlength = -1;
    public int tlength = -1;
    public int prebuf = -1;
    public int minreq = -1;
    public int fragsize = -1;
  }

  Pointer pa_simple_new(
      String server,
      String name,
      int dir,
      String dev,
      String streamName,
      PulseLibrary.pa_sample_spec ss,
      Pointer map,
      pa_buffer_attr attr,
      Pointer error);

  int pa_simple_write(Pointer s, Pointer data, long bytes, Pointer error);

  int pa_simple_read(Pointer s, Pointer data, long bytes, Pointer error);

  int pa_simple_drain(Pointer s, Pointer error);

  int pa_simple_flush(Pointer s, Pointer error);

  long pa_simple_get_latency(Pointer s, Pointer error);

  void pa_simple_free(Pointer s);

  /** libpulse's {@code pa_strerror}, which libpulse-simple's error codes share. */
  String pa_strerror(int error);
}
