package dev.bowtie.plugin.pulse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A microphone any program can pick (Discord, Zoom, a browser, OBS), made of two sound-server
 * modules: a null sink that Bowtie plays into ({@link #sinkName()}), and a {@code
 * module-remap-source} of that sink's monitor with the microphone's name as its description ({@link
 * #sourceName()}). The remap is needed because Chromium-based programs hide monitor sources from
 * their microphone lists.
 *
 * <p>Both modules carry Bowtie's owner properties ({@code bowtie.owner.pid}, {@code
 * bowtie.owner.start}), visible in their module arguments, so that {@link #removeStale} can find
 * the modules of a Bowtie that died without closing. {@link #create} removes those first; {@link
 * #close} unloads exactly the modules this instance loaded (two, three with {@link #listenOn}), and
 * nothing else.
 *
 * <p>Thread rules: not thread-safe; use it from the thread that uses its {@link PulseClient}, which
 * must stay open until this is closed.
 */
public final class VirtualMicrophone implements AutoCloseable {
  /** The name programs show when the user gives none. */
  public static final String DEFAULT_NAME = "Bowtie Virtual Microphone";

  /** How long a start waits for the devices of a crashed Bowtie's modules to leave the lists. */
  static final long STALE_GONE_MILLIS = 2000;

  static final String NULL_SINK = "module-null-sink";
  static final String REMAP_SOURCE = "module-remap-source";
  static final String LOOPBACK = "module-loopback";

  private static final int MAX_NAME_LENGTH = 100;

  private final PulseClient client;
  private final String name;
  private final String sinkName;
  private final String sourceName;
  private final PulseModule sinkModule;
  private final PulseModule sourceModule;
  private PulseModule loopbackModule;
  private boolean closed;

  private VirtualMicrophone(
      PulseClient client,
      String name,
      String sinkName,
      String sourceName,
      PulseModule sinkModule,
      PulseModule sourceModule) {
    this.client = client;
    this.name = name;
    this.sinkName = sinkName;
    this.sourceName = sourceName;
    this.sinkModule = sinkModule;
    this.sourceModule = sourceModule;
  }

  /**
   * Removes stale Bowtie modules, then creates the microphone as a mono device.
   *
   * @param client an open connection; it must stay open until {@link #close}
   * @param name what programs show, e.g. {@link #DEFAULT_NAME}; letters, digits, spaces and
   *     punctuation other than quotes and backslashes
   * @param sampleRate the devices' rate in Hz
   * @throws PulseException for a name that is unusable or already taken (by a running Bowtie or any
   *     other source), or when the server refuses; nothing stays loaded then
   */
  public static VirtualMicrophone create(PulseClient client, String name, int sampleRate)
      throws PulseException {
    String sourceName = deviceName(name);
    String sinkName = sourceName + "_sink";
    List<PulseModule> removed = removeStale(client);
    if (!removed.isEmpty()) {
      awaitDevicesGone(client, removed);
    }
    refuseTaken(client, name, sourceName, sinkName);
    String owner = OwnerProcess.current().properties();
    String sinkArgument =
        "sink_name="
            + sinkName
            + " rate="
            + sampleRate
            + " channels=1 sink_properties='device.description=\""
            + name
            + " (Bowtie plays here)\" "
            + owner
            + "'";
    String sourceArgument =
        "source_name="
            + sourceName
            + " master="
            + sinkName
            + ".monitor channels=1 source_properties='device.description=\""
            + name
            + "\" device.icon_name=audio-input-microphone "
            + owner
            + "'";
    int sink = client.loadModule(NULL_SINK, sinkArgument);
    int source;
    try {
      source = client.loadModule(REMAP_SOURCE, sourceArgument);
    } catch (PulseException e) {
      unloadQuietly(client, sink);
      throw new PulseException(
          "could not create the virtual microphone \"" + name + "\": " + e.getMessage());
    }
    return new VirtualMicrophone(
        client,
        name,
        sinkName,
        sourceName,
        new PulseModule(sink, NULL_SINK, sinkArgument),
        new PulseModule(source, REMAP_SOURCE, sourceArgument));
  }

  private static void unloadQuietly(PulseClient client, int module) {
    try {
      client.unloadModule(module);
    } catch (PulseException suppressed) {
      // The load failure is what the user needs to hear; a server that cannot unload is gone.
    }
  }

  /**
   * The device name for a microphone name: lower case, runs of other characters as one underscore,
   * e.g. {@code bowtie_virtual_microphone}.
   *
   * @throws PulseException for a name programs could not show or the server could not parse
   */
  static String deviceName(String name) throws PulseException {
    if (name == null
        || name.isBlank()
        || name.length() > MAX_NAME_LENGTH
        || name.chars().anyMatch(c -> c == '"' || c == '\'' || c == '\\' || c < ' ' || c == 127)) {
      throw new PulseException(
          "virtual microphone name \""
              + name
              + "\" is not usable: give 1 to "
              + MAX_NAME_LENGTH
              + " characters without quotes or backslashes");
    }
    String slug =
        name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
    if (slug.isEmpty()) {
      throw new PulseException(
          "virtual microphone name \"" + name + "\" needs at least one letter or digit");
    }
    return slug;
  }

  /**
   * Waits, up to {@value #STALE_GONE_MILLIS} ms, until no device of the unloaded modules is listed:
   * PipeWire's pulse server unloads a module before its devices are gone from the lists, so a name
   * a stale microphone held would otherwise still look taken.
   */
  private static void awaitDevicesGone(PulseClient client, List<PulseModule> removed)
      throws PulseException {
    Set<Integer> modules = new HashSet<>();
    for (PulseModule m : removed) {
      modules.add(m.index());
    }
    long deadline = System.nanoTime() + STALE_GONE_MILLIS * 1_000_000L;
    while (System.nanoTime() - deadline < 0) {
      boolean listed =
          client.sinks().stream().anyMatch(d -> modules.contains(d.ownerModule()))
              || client.sources().stream().anyMatch(d -> modules.contains(d.ownerModule()));
      if (!listed) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void refuseTaken(
      PulseClient client, String name, String sourceName, String sinkName) throws PulseException {
    Optional<PulseDevice> taken =
        client.sources().stream()
            .filter(s -> !s.monitor())
            .filter(s -> name.equals(s.description()) || sourceName.equals(s.name()))
            .findFirst();
    if (taken.isEmpty()) {
      taken = client.sinks().stream().filter(s -> sinkName.equals(s.name())).findFirst();
    }
    if (taken.isEmpty()) {
      return;
    }
    int module = taken.get().ownerModule();
    Optional<OwnerProcess> owner =
        client.modules().stream()
            .filter(m -> m.index() == module)
            .findFirst()
            .flatMap(m -> OwnerProcess.fromModuleArgument(m.argument()));
    if (owner.isPresent()) {
      throw new PulseException(
          "a virtual microphone named \""
              + name
              + "\" is already open in Bowtie process "
              + owner.get().pid()
              + ": close that Bowtie or choose another name");
    }
    throw new PulseException(
        "the sound server already has a device \""
            + taken.get().description()
            + "\" ("
            + taken.get().name()
            + "): choose another name for the virtual microphone");
  }

  /**
   * Unloads the modules of Bowtie processes that no longer run (a crash, a {@code kill -9}): remap
   * sources and loopbacks first, then the sinks they read from. Modules of running Bowtie processes
   * and modules without Bowtie's owner properties are left alone.
   *
   * @return the modules it unloaded
   */
  public static List<PulseModule> removeStale(PulseClient client) throws PulseException {
    List<PulseModule> stale = new ArrayList<>();
    for (PulseModule module : client.modules()) {
      Optional<OwnerProcess> owner = OwnerProcess.fromModuleArgument(module.argument());
      if (owner.isPresent() && !owner.get().isAlive()) {
        stale.add(module);
      }
    }
    stale.sort(Comparator.comparing(m -> NULL_SINK.equals(m.name())));
    List<PulseModule> removed = new ArrayList<>();
    for (PulseModule module : stale) {
      if (client.unloadModule(module.index())) {
        removed.add(module);
      }
    }
    return List.copyOf(removed);
  }

  /**
   * @return what programs show for the microphone
   */
  public String name() {
    return name;
  }

  /**
   * @return the sink Bowtie plays the converted voice into, e.g. for {@link PulseStream}
   */
  public String sinkName() {
    return sinkName;
  }

  /**
   * @return the source programs record from
   */
  public String sourceName() {
    return sourceName;
  }

  /**
   * Lets the user hear the microphone: a {@code module-loopback} from the microphone's sink monitor
   * to {@code sink}, with Bowtie's owner properties, unloaded by {@link #close} (and by {@link
   * #removeStale} after a crash). At most one per microphone.
   *
   * @param sink a sink's name, or null for the server's default sink
   * @throws PulseException naming the sink when the server has no sink of that name, or when it
   *     refuses; nothing stays loaded then
   */
  public void listenOn(String sink) throws PulseException {
    if (loopbackModule != null) {
      throw new IllegalStateException("the microphone is already heard on a sink");
    }
    if (sink != null && client.sinks().stream().noneMatch(s -> s.name().equals(sink))) {
      throw new PulseException(
          "the sound server has no sink \""
              + sink
              + "\" to hear the virtual microphone on: pick a sink from the device list");
    }
    String argument =
        "source="
            + sinkName
            + ".monitor"
            + (sink == null ? "" : " sink=" + sink)
            + " source_dont_move=true sink_input_properties='media.name=\""
            + name
            + " (Bowtie monitor)\" "
            + OwnerProcess.current().properties()
            + "'";
    int index = client.loadModule(LOOPBACK, argument);
    loopbackModule = new PulseModule(index, LOOPBACK, argument);
  }

  /**
   * Unloads the loopback if any, the remap source, then the null sink, each only while the module
   * at its index still has the argument this instance loaded it with (a restarted server reuses
   * indices). Safe to call twice.
   *
   * @throws PulseException when the server cannot be reached or refuses an unload
   */
  @Override
  public void close() throws PulseException {
    if (closed) {
      return;
    }
    closed = true;
    List<PulseModule> loaded = client.modules();
    for (PulseModule mine : Arrays.asList(loopbackModule, sourceModule, sinkModule)) {
      if (mine != null && loaded.contains(mine)) {
        client.unloadModule(mine.index());
      }
    }
  }
}
