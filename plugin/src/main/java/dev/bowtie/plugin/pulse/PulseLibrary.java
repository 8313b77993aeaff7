package dev.bowtie.plugin.pulse;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * libpulse's asynchronous API as JNA binds it, with the C names: the non-threaded main loop, the
 * context, operations and the introspection calls Bowtie needs (modules, sources, sinks, server).
 * Opaque handles ({@code pa_mainloop}, {@code pa_context}, {@code pa_operation}) are {@link
 * Pointer}s. The structures map only the leading fields Bowtie reads; libpulse allocates and owns
 * them, so reading a prefix is safe.
 *
 * <p>This is the low layer: {@link PulseClient} and {@link VirtualMicrophone} take it in their
 * constructor, so tests can hand them a fake. {@link PulseNative#loadLibrary()} gives the real one.
 * Thread rules are libpulse's: a context and its main loop are used from one thread at a time.
 */
public interface PulseLibrary extends Library {
  /** {@code pa_context_state_t}: the connection is up. */
  int PA_CONTEXT_READY = 4;

  /** {@code pa_context_state_t}: the connection failed or was lost. */
  int PA_CONTEXT_FAILED = 5;

  /** {@code pa_context_state_t}: the connection was closed. */
  int PA_CONTEXT_TERMINATED = 6;

  /** {@code pa_context_flags_t}: never start a daemon of our own. */
  int PA_CONTEXT_NOAUTOSPAWN = 1;

  /** {@code pa_operation_state_t}: still running. */
  int PA_OPERATION_RUNNING = 0;

  /** {@code PA_INVALID_INDEX} ((uint32_t) -1) as Java's int. */
  int PA_INVALID_INDEX = -1;

  /** {@code PA_ERR_NOENTITY}: no such module, device or stream. */
  int PA_ERR_NOENTITY = 5;

  /** {@code pa_sample_spec}. */
  @FieldOrder({"format", "rate", "channels"})
  class pa_sample_spec extends Structure {
    public int format;
    public int rate;
    public byte channels;
  }

  /** {@code pa_channel_map}, mapped only to keep the following fields at their offsets. */
  @FieldOrder({"channels", "map"})
  class pa_channel_map extends Structure {
    public byte channels;
    public int[] map = new int[32];
  }

  /** {@code pa_cvolume}, mapped only to keep the following fields at their offsets. */
  @FieldOrder({"channels", "values"})
  class pa_cvolume extends Structure {
    public byte channels;
    public int[] values = new int[32];
  }

  /** The leading fields of {@code pa_sink_info}, up to {@code owner_module}. */
  @FieldOrder({"name", "index", "description", "sample_spec", "channel_map", "owner_module"})
  class pa_sink_info extends Structure {
    public String name;
    public int index;
    public String description;
    public pa_sample_spec sample_spec;
    public pa_channel_map channel_map;
    public int owner_module;
  }

  /** The leading fields of {@code pa_source_info}, up to {@code monitor_of_sink}. */
  @FieldOrder({
    "name",
    "index",
    "description",
    "sample_spec",
    "channel_map",
    "owner_module",
    "volume",
    "mute",
    "monitor_of_sink"
  })
  class pa_source_info extends Structure {
    public String name;
    public int index;
    public String description;
    public pa_sample_spec sample_spec;
    public pa_channel_map channel_map;
    public int owner_module;
    public pa_cvolume volume;
    public int mute;

    /** Index of the sink this source monitors, or {@link #PA_INVALID_INDEX}. */
    public int monitor_of_sink;
  }

  /** The leading fields of {@code pa_module_info}. */
  @FieldOrder({"index", "name", "argument"})
  class pa_module_info extends Structure {
    public int index;
    public String name;
    public String argument;
  }

  /** The leading fields of {@code pa_server_info}. */
  @FieldOrder({
    "user_name",
    "host_name",
    "server_version",
    "server_name",
    "sample_spec",
    "default_sink_name",
    "default_source_name"
  })
  class pa_server_info extends Structure {
    public String user_name;
    public String host_name;
    public String server_version;
    public String server_name;
    public pa_sample_spec sample_spec;
    public String default_sink_name;
    public String default_source_name;
  }

  /** {@code pa_sink_info_cb_t}; {@code eol} is positive at the end, negative on failure. */
  interface pa_sink_info_cb_t extends Callback {
    void invoke(Pointer c, pa_sink_info i, int eol, Pointer userdata);
  }

  /** {@code pa_source_info_cb_t}. */
  interface pa_source_info_cb_t extends Callback {
    void invoke(Pointer c, pa_source_info i, int eol, Pointer userdata);
  }

  /** {@code pa_module_info_cb_t}. */
  interface pa_module_info_cb_t extends Callback {
    void invoke(Pointer c, pa_module_info i, int eol, Pointer userdata);
  }

  /** {@code pa_server_info_cb_t}. */
  interface pa_server_info_cb_t extends Callback {
    void invoke(Pointer c, pa_server_info i, Pointer userdata);
  }

  /** {@code pa_context_index_cb_t}: {@code idx} is {@link #PA_INVALID_INDEX} on failure. */
  interface pa_context_index_cb_t extends Callback {
    void invoke(Pointer c, int idx, Pointer userdata);
  }

  /** {@code pa_context_success_cb_t}. */
  interface pa_context_success_cb_t extends Callback {
    void invoke(Pointer c, int success, Pointer userdata);
  }

  Pointer pa_mainloop_new();

  Pointer pa_mainloop_get_api(Pointer m);

  int pa_mainloop_prepare(Pointer m, int timeoutMicros);

  int pa_mainloop_poll(Pointer m);

  int pa_mainloop_dispatch(Pointer m);

  void pa_mainloop_free(Pointer m);

  Pointer pa_context_new(Pointer mainloopApi, String name);

  int pa_context_connect(Pointer c, String server, int flags, Pointer spawnApi);

  int pa_context_get_state(Pointer c);

  int pa_context_errno(Pointer c);

  void pa_context_disconnect(Pointer c);

  void pa_context_unref(Pointer c);

  int pa_operation_get_state(Pointer o);

  void pa_operation_cancel(Pointer o);

  void pa_operation_unref(Pointer o);

  Pointer pa_context_get_server_info(Pointer c, pa_server_info_cb_t cb, Pointer userdata);

  Pointer pa_context_get_sink_info_list(Pointer c, pa_sink_info_cb_t cb, Pointer userdata);

  Pointer pa_context_get_source_info_list(Pointer c, pa_source_info_cb_t cb, Pointer userdata);

  Pointer pa_context_get_module_info_list(Pointer c, pa_module_info_cb_t cb, Pointer userdata);

  Pointer pa_context_load_module(
      Pointer c, String name, String argument, pa_context_index_cb_t cb, Pointer userdata);

  Pointer pa_context_unload_module(
      Pointer c, int idx, pa_context_success_cb_t cb, Pointer userdata);

  String pa_strerror(int error);
}
