package dev.bowtie.plugin.pulse;

import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sound server in memory behind the {@link PulseLibrary} interface: modules, and the sinks and
 * sources that module-null-sink and module-remap-source make. Every operation answers at once (its
 * callback runs before the call returns, and the operation is already done).
 */
final class FakePulseLibrary implements PulseLibrary {
  /** A device of the fake server. */
  record Device(String name, String description, int ownerModule, boolean monitor) {}

  private static final int DONE = 1;
  private static final Pattern DESCRIPTION = Pattern.compile("device\\.description=\"([^\"]*)\"");

  final List<PulseModule> modules = new ArrayList<>();
  final List<Device> sinks = new ArrayList<>();
  final List<Device> sources = new ArrayList<>();
  final List<Integer> unloadCalls = new ArrayList<>();
  boolean serverRuns = true;
  String refusedModule;
  private int nextIndex = 100;
  private int errno;
  private final Pointer handle = new Pointer(1);

  /** Adds a module as if another program had loaded it, with its devices. */
  int addModule(String name, String argument) {
    int index = nextIndex++;
    modules.add(new PulseModule(index, name, argument));
    String description = match(DESCRIPTION, argument);
    if (name.equals(VirtualMicrophone.NULL_SINK)) {
      String sink = match(Pattern.compile("sink_name=(\\S+)"), argument);
      sinks.add(new Device(sink, description, index, false));
      sources.add(new Device(sink + ".monitor", "Monitor of " + description, index, true));
    } else if (name.equals(VirtualMicrophone.REMAP_SOURCE)) {
      String source = match(Pattern.compile("source_name=(\\S+)"), argument);
      sources.add(new Device(source, description, index, false));
    }
    return index;
  }

  private static String match(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? m.group(1) : null;
  }

  @Override
  public Pointer pa_mainloop_new() {
    return handle;
  }

  @Override
  public Pointer pa_mainloop_get_api(Pointer m) {
    return handle;
  }

  @Override
  public int pa_mainloop_prepare(Pointer m, int timeoutMicros) {
    return 0;
  }

  @Override
  public int pa_mainloop_poll(Pointer m) {
    return 0;
  }

  @Override
  public int pa_mainloop_dispatch(Pointer m) {
    return 0;
  }

  @Override
  public void pa_mainloop_free(Pointer m) {}

  @Override
  public Pointer pa_context_new(Pointer mainloopApi, String name) {
    return handle;
  }

  @Override
  public int pa_context_connect(Pointer c, String server, int flags, Pointer spawnApi) {
    return 0;
  }

  @Override
  public int pa_context_get_state(Pointer c) {
    return serverRuns ? PA_CONTEXT_READY : PA_CONTEXT_FAILED;
  }

  @Override
  public int pa_context_errno(Pointer c) {
    return serverRuns ? errno : 6;
  }

  @Override
  public void pa_context_disconnect(Pointer c) {}

  @Override
  public void pa_context_unref(Pointer c) {}

  @Override
  public int pa_operation_get_state(Pointer o) {
    return DONE;
  }

  @Override
  public void pa_operation_cancel(Pointer o) {}

  @Override
  public void pa_operation_unref(Pointer o) {}

  @Override
  public Pointer pa_context_get_server_info(Pointer c, pa_server_info_cb_t cb, Pointer userdata) {
    pa_server_info info = new pa_server_info();
    info.server_name = "fake";
    info.server_version = "1";
    cb.invoke(c, info, userdata);
    return handle;
  }

  @Override
  public Pointer pa_context_get_sink_info_list(Pointer c, pa_sink_info_cb_t cb, Pointer userdata) {
    for (Device d : sinks) {
      pa_sink_info info = new pa_sink_info();
      info.name = d.name();
      info.description = d.description();
      info.owner_module = d.ownerModule();
      info.sample_spec.rate = 48000;
      info.sample_spec.channels = 1;
      cb.invoke(c, info, 0, userdata);
    }
    cb.invoke(c, null, 1, userdata);
    return handle;
  }

  @Override
  public Pointer pa_context_get_source_info_list(
      Pointer c, pa_source_info_cb_t cb, Pointer userdata) {
    for (Device d : sources) {
      pa_source_info info = new pa_source_info();
      info.name = d.name();
      info.description = d.description();
      info.owner_module = d.ownerModule();
      info.monitor_of_sink = d.monitor() ? 0 : PA_INVALID_INDEX;
      info.sample_spec.rate = 48000;
      info.sample_spec.channels = 1;
      cb.invoke(c, info, 0, userdata);
    }
    cb.invoke(c, null, 1, userdata);
    return handle;
  }

  @Override
  public Pointer pa_context_get_module_info_list(
      Pointer c, pa_module_info_cb_t cb, Pointer userdata) {
    for (PulseModule m : modules) {
      pa_module_info info = new pa_module_info();
      info.index = m.index();
      info.name = m.name();
      info.argument = m.argument();
      cb.invoke(c, info, 0, userdata);
    }
    cb.invoke(c, null, 1, userdata);
    return handle;
  }

  @Override
  public Pointer pa_context_load_module(
      Pointer c, String name, String argument, pa_context_index_cb_t cb, Pointer userdata) {
    if (name.equals(refusedModule)) {
      errno = 14;
      cb.invoke(c, PA_INVALID_INDEX, userdata);
    } else {
      cb.invoke(c, addModule(name, argument), userdata);
    }
    return handle;
  }

  @Override
  public Pointer pa_context_unload_module(
      Pointer c, int idx, pa_context_success_cb_t cb, Pointer userdata) {
    unloadCalls.add(idx);
    boolean found = modules.removeIf(m -> m.index() == idx);
    sinks.removeIf(d -> d.ownerModule() == idx);
    sources.removeIf(d -> d.ownerModule() == idx);
    errno = found ? 0 : PA_ERR_NOENTITY;
    cb.invoke(c, found ? 1 : 0, userdata);
    return handle;
  }

  @Override
  public String pa_strerror(int error) {
    return switch (error) {
      case 6 -> "Connection refused";
      case 14 -> "Module initialization failed";
      default -> "error " + error;
    };
  }
}
