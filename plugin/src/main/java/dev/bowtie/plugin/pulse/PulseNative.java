package dev.bowtie.plugin.pulse;

import com.sun.jna.FunctionMapper;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Map;

/**
 * Loads the real libpulse and libpulse-simple by their sonames (the runtime package has no
 * unversioned {@code .so} link). A missing library becomes a {@link PulseException} with one line
 * saying what to install.
 *
 * <p>Thread rules: any thread may load; the direct-mapped simple API is registered once per JVM.
 */
public final class PulseNative {
  static final String LIBPULSE = "libpulse.so.0";
  static final String LIBPULSE_SIMPLE = "libpulse-simple.so.0";

  private PulseNative() {}

  /** The asynchronous API (main loop, context, introspection). */
  public static PulseLibrary loadLibrary() throws PulseException {
    return load(LIBPULSE);
  }

  static PulseLibrary load(String soname) throws PulseException {
    try {
      return Native.load(soname, PulseLibrary.class);
    } catch (UnsatisfiedLinkError e) {
      throw missing(soname);
    }
  }

  /** The blocking stream API, directly mapped so its calls allocate nothing. */
  public static PulseSimpleLibrary loadSimple() throws PulseException {
    if (Native.SIZE_T_SIZE != Long.BYTES) {
      throw new PulseException("PulseAudio streams need a 64-bit system");
    }
    return DirectSimple.register();
  }

  static PulseException missing(String soname) {
    return new PulseException(
        "the PulseAudio client library "
            + soname
            + " is not installed: install it (Debian: apt-get install libpulse0)");
  }

  /** The JNA direct mapping of libpulse-simple; registered on first use. */
  private static final class DirectSimple implements PulseSimpleLibrary {
    private static DirectSimple instance;

    static synchronized DirectSimple register() throws PulseException {
      if (instance == null) {
        try {
          Native.register(
              DirectSimple.class,
              NativeLibrary.getInstance(
                  LIBPULSE_SIMPLE,
                  Map.of(Library.OPTION_FUNCTION_MAPPER, (FunctionMapper) DirectSimple::cName)));
        } catch (UnsatisfiedLinkError e) {
          throw missing(LIBPULSE_SIMPLE);
        }
        instance = new DirectSimple();
      }
      return instance;
    }

    /** {@code simpleGetLatency} binds {@code pa_simple_get_latency}, and so on. */
    private static String cName(NativeLibrary library, Method method) {
      return "pa_" + method.getName().replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    @Override
    public Pointer pa_simple_new(
        String server,
        String name,
        int dir,
        String dev,
        String streamName,
        PulseLibrary.pa_sample_spec ss,
        Pointer map,
        pa_buffer_attr attr,
        Pointer error) {
      return simpleNew(server, name, dir, dev, streamName, ss, map, attr, error);
    }

    @Override
    public int pa_simple_write(Pointer s, Pointer data, long bytes, Pointer error) {
      return simpleWrite(s, data, bytes, error);
    }

    @Override
    public int pa_simple_read(Pointer s, Pointer data, long bytes, Pointer error) {
      return simpleRead(s, data, bytes, error);
    }

    @Override
    public int pa_simple_drain(Pointer s, Pointer error) {
      return simpleDrain(s, error);
    }

    @Override
    public int pa_simple_flush(Pointer s, Pointer error) {
      return simpleFlush(s, error);
    }

    @Override
    public long pa_simple_get_latency(Pointer s, Pointer error) {
      return simpleGetLatency(s, error);
    }

    @Override
    public void pa_simple_free(Pointer s) {
      simpleFree(s);
    }

    @Override
    public String pa_strerror(int error) {
      return strerror(error);
    }

    private static native Pointer simpleNew(
        String server,
        String name,
        int dir,
        String dev,
        String streamName,
        PulseLibrary.pa_sample_spec ss,
        Pointer map,
        pa_buffer_attr attr,
        Pointer error);

    private static native int simpleWrite(Pointer s, Pointer data, long bytes, Pointer error);

    private static native int simpleRead(Pointer s, Pointer data, long bytes, Pointer error);

    private static native int simpleDrain(Pointer s, Pointer error);

    private static native int simpleFlush(Pointer s, Pointer error);

    private static native long simpleGetLatency(Pointer s, Pointer error);

    private static native void simpleFree(Pointer s);

    private static native String strerror(int error);
  }
}
