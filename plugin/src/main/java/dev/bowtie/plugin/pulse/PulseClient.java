package dev.bowtie.plugin.pulse;

import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A connection to the PulseAudio (or PipeWire-Pulse) server for control work: listing sources,
 * sinks and modules, and loading and unloading modules. Each call runs libpulse's non-threaded main
 * loop on the calling thread until its operation is done, or fails after {@link #TIMEOUT_MILLIS}
 * without an answer; nothing runs in the background.
 *
 * <p>Thread rules: not thread-safe; use an instance from one thread at a time. Not for the audio
 * path (each call allocates and waits on the server): streams are {@link PulseStream}s.
 */
public final class PulseClient implements AutoCloseable {
  /** How long a connection or an operation may wait for the server. */
  public static final int TIMEOUT_MILLIS = 5000;

  private static final int POLL_MICROS = 100_000;

  /**
   * What the server says about itself.
   *
   * @param name e.g. {@code pulseaudio} or {@code PulseAudio (on PipeWire 0.3.65)}
   * @param version the server's version
   * @param defaultSink name of the default sink
   * @param defaultSource name of the default source
   */
  public record ServerInfo(String name, String version, String defaultSink, String defaultSource) {}

  private final PulseLibrary pa;
  private final String serverLabel;
  private Pointer mainloop;
  private Pointer context;

  // The results the callbacks below fill in during one operation; single-threaded by contract.
  private List<PulseDevice> devices;
  private List<PulseModule> modules;
  private ServerInfo serverInfo;
  private boolean listFailed;
  private int loadedIndex;
  private boolean unloaded;

  // Held in fields so the garbage collector cannot free them while libpulse may call them.
  private final PulseLibrary.pa_sink_info_cb_t sinkInfo =
      (c, i, eol, userdata) -> {
        if (eol < 0) {
          listFailed = true;
        } else if (eol == 0 && i != null) {
          devices.add(
              new PulseDevice(
                  i.name,
                  i.index,
                  i.description,
                  i.sample_spec.rate,
                  i.sample_spec.channels,
                  false,
                  i.owner_module));
        }
      };
  private final PulseLibrary.pa_source_info_cb_t sourceInfo =
      (c, i, eol, userdata) -> {
        if (eol < 0) {
          listFailed = true;
        } else if (eol == 0 && i != null) {
          devices.add(
              new PulseDevice(
                  i.name,
                  i.index,
                  i.description,
                  i.sample_spec.rate,
                  i.sample_spec.channels,
                  i.monitor_of_sink != PulseLibrary.PA_INVALID_INDEX,
                  i.owner_module));
        }
      };
  private final PulseLibrary.pa_module_info_cb_t moduleInfo =
      (c, i, eol, userdata) -> {
        if (eol < 0) {
          listFailed = true;
        } else if (eol == 0 && i != null) {
          modules.add(new PulseModule(i.index, i.name, i.argument == null ? "" : i.argument));
        }
      };
  private final PulseLibrary.pa_server_info_cb_t serverInfoCallback =
      (c, i, userdata) -> {
        if (i != null) {
          serverInfo =
              new ServerInfo(
                  i.server_name, i.server_version, i.default_sink_name, i.default_source_name);
        }
      };
  private final PulseLibrary.pa_context_index_cb_t loadCallback =
      (c, idx, userdata) -> loadedIndex = idx;
  private final PulseLibrary.pa_context_success_cb_t unloadCallback =
      (c, success, userdata) -> unloaded = success != 0;

  /**
   * Connects to the server libpulse finds by default ({@code PULSE_SERVER}, then the user's
   * socket), with the real libpulse.
   *
   * @param applicationName how the server lists this client
   */
  public static PulseClient connect(String applicationName) throws PulseException {
    return new PulseClient(PulseNative.loadLibrary(), applicationName, null);
  }

  /**
   * Connects and waits until the server accepts this client.
   *
   * @param pa the libpulse binding (the real one from {@link PulseNative}, or a fake)
   * @param applicationName how the server lists this client
   * @param server a server address such as {@code unix:/run/user/1000/pulse/native}, or null for
   *     the default
   * @throws PulseException when no server answers, in one line naming the address
   */
  public PulseClient(PulseLibrary pa, String applicationName, String server) throws PulseException {
    this.pa = pa;
    this.serverLabel = server != null ? server : defaultServerLabel();
    mainloop = pa.pa_mainloop_new();
    if (mainloop == null) {
      throw new PulseException("libpulse could not create its main loop (out of memory?)");
    }
    try {
      context = pa.pa_context_new(pa.pa_mainloop_get_api(mainloop), applicationName);
      if (context == null
          || pa.pa_context_connect(context, server, PulseLibrary.PA_CONTEXT_NOAUTOSPAWN, null)
              < 0) {
        throw noServer();
      }
      iterateUntil(
          () -> {
            int state = pa.pa_context_get_state(context);
            return state == PulseLibrary.PA_CONTEXT_READY
                || state == PulseLibrary.PA_CONTEXT_FAILED
                || state == PulseLibrary.PA_CONTEXT_TERMINATED;
          },
          "connecting");
      if (pa.pa_context_get_state(context) != PulseLibrary.PA_CONTEXT_READY) {
        throw noServer();
      }
    } catch (PulseException e) {
      close();
      throw e;
    }
  }

  private static String defaultServerLabel() {
    String env = System.getenv("PULSE_SERVER");
    return env != null && !env.isEmpty() ? env : "the default address";
  }

  private PulseException noServer() {
    String reason = context == null ? "no context" : pa.pa_strerror(pa.pa_context_errno(context));
    return new PulseException(
        "no sound server answers at "
            + serverLabel
            + " ("
            + reason
            + "): start PulseAudio or PipeWire, or point PULSE_SERVER at a running one");
  }

  /**
   * @return the server's name, version and defaults
   */
  public ServerInfo serverInfo() throws PulseException {
    serverInfo = null;
    await(pa.pa_context_get_server_info(context, serverInfoCallback, null), "asking its name");
    if (serverInfo == null) {
      throw new PulseException("the sound server at " + serverLabel + " did not describe itself");
    }
    return serverInfo;
  }

  /**
   * @return every sink, in the server's order
   */
  public List<PulseDevice> sinks() throws PulseException {
    devices = new ArrayList<>();
    listFailed = false;
    await(pa.pa_context_get_sink_info_list(context, sinkInfo, null), "listing sinks");
    return finishList("sinks", devices);
  }

  /**
   * @return every source, monitors included (see {@link PulseDevice#monitor()})
   */
  public List<PulseDevice> sources() throws PulseException {
    devices = new ArrayList<>();
    listFailed = false;
    await(pa.pa_context_get_source_info_list(context, sourceInfo, null), "listing sources");
    return finishList("sources", devices);
  }

  /**
   * @return every loaded module
   */
  public List<PulseModule> modules() throws PulseException {
    modules = new ArrayList<>();
    listFailed = false;
    await(pa.pa_context_get_module_info_list(context, moduleInfo, null), "listing modules");
    return finishList("modules", modules);
  }

  private <T> List<T> finishList(String what, List<T> list) throws PulseException {
    if (listFailed) {
      throw new PulseException(
          "the sound server at " + serverLabel + " could not list its " + what + errnoText());
    }
    return List.copyOf(list);
  }

  /**
   * Loads a module, e.g. {@code module-null-sink} with {@code sink_name=x}.
   *
   * @return the new module's index
   * @throws PulseException when the server refuses, naming the module and the server's reason
   */
  public int loadModule(String name, String argument) throws PulseException {
    loadedIndex = PulseLibrary.PA_INVALID_INDEX;
    await(
        pa.pa_context_load_module(context, name, argument, loadCallback, null), "loading " + name);
    if (loadedIndex == PulseLibrary.PA_INVALID_INDEX) {
      throw new PulseException("the sound server refused to load " + name + errnoText());
    }
    return loadedIndex;
  }

  /**
   * Unloads the module with this index.
   *
   * @return true when it was unloaded, false when no module has that index (already gone)
   * @throws PulseException when the server refuses for another reason
   */
  public boolean unloadModule(int index) throws PulseException {
    unloaded = false;
    await(
        pa.pa_context_unload_module(context, index, unloadCallback, null),
        "unloading module " + index);
    if (unloaded) {
      return true;
    }
    if (pa.pa_context_errno(context) == PulseLibrary.PA_ERR_NOENTITY) {
      return false;
    }
    throw new PulseException("the sound server refused to unload module " + index + errnoText());
  }

  private String errnoText() {
    return " (" + pa.pa_strerror(pa.pa_context_errno(context)) + ")";
  }

  /** Runs the main loop until the operation is no longer running, then releases it. */
  private void await(Pointer operation, String what) throws PulseException {
    if (operation == null) {
      throw lost(what);
    }
    try {
      iterateUntil(
          () -> pa.pa_operation_get_state(operation) != PulseLibrary.PA_OPERATION_RUNNING, what);
    } catch (PulseException e) {
      pa.pa_operation_cancel(operation);
      throw e;
    } finally {
      pa.pa_operation_unref(operation);
    }
    if (pa.pa_context_get_state(context) != PulseLibrary.PA_CONTEXT_READY) {
      throw lost(what);
    }
  }

  private PulseException lost(String what) {
    return new PulseException(
        "lost the connection to the sound server at "
            + serverLabel
            + " while "
            + what
            + errnoText()
            + ": check that it still runs");
  }

  private void iterateUntil(BooleanSupplier done, String what) throws PulseException {
    long deadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000L;
    while (!done.getAsBoolean()) {
      int state = pa.pa_context_get_state(context);
      if (state == PulseLibrary.PA_CONTEXT_FAILED || state == PulseLibrary.PA_CONTEXT_TERMINATED) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new PulseException(
            "the sound server at "
                + serverLabel
                + " did not answer within "
                + TIMEOUT_MILLIS / 1000
                + " s while "
                + what);
      }
      if (pa.pa_mainloop_prepare(mainloop, POLL_MICROS) < 0
          || pa.pa_mainloop_poll(mainloop) < 0
          || pa.pa_mainloop_dispatch(mainloop) < 0) {
        throw lost(what);
      }
    }
  }

  /**
   * @return true while the connection is up as far as the last call saw: false once the server went
   *     away (its modules went with it) or after {@link #close}
   */
  public boolean connected() {
    return context != null && pa.pa_context_get_state(context) == PulseLibrary.PA_CONTEXT_READY;
  }

  /** Disconnects and frees the main loop; safe to call twice. */
  @Override
  public void close() {
    if (context != null) {
      pa.pa_context_disconnect(context);
      pa.pa_context_unref(context);
      context = null;
    }
    if (mainloop != null) {
      pa.pa_mainloop_free(mainloop);
      mainloop = null;
    }
  }
}
