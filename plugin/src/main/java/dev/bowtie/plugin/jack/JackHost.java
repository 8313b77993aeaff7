package dev.bowtie.plugin.jack;

import dev.bowtie.realtime.pipeline.LiveCounters;
import dev.bowtie.realtime.pipeline.LiveSettings;
import dev.bowtie.realtime.pipeline.SynchronousChain;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackShutdownCallback;
import org.jaudiolibs.jnajack.JackStatus;

/**
 * Bowtie as a JACK client: a client (named {@code bowtie} by default) with one input port, {@code
 * in}, and one output port, {@code out}; the voice runs in JACK's process callback through a {@link
 * SynchronousChain} at the server's sample rate and buffer size, so what leaves {@code out} is what
 * {@code bowtie convert} gives for what entered {@code in}, {@link #latencyFrames()} later. The
 * server is the one libjack picks: {@code JACK_DEFAULT_SERVER}, else {@code default}; it is never
 * started by Bowtie.
 *
 * <p>Thread rules: {@link #start} and {@link #close} from a control thread, never from a JACK
 * callback; the voice then belongs to JACK's process thread until {@link #close} returns. {@link
 * #xruns()}, {@link #failure()} and {@link #counters()} may be read from any thread.
 */
public final class JackHost implements AutoCloseable {
  /**
   * jnajack logs every failed native call with a stack trace; Bowtie reports failures itself, in
   * one line. Held here so the setting is not lost with a collected logger.
   */
  private static final Logger JNAJACK_LOG = Logger.getLogger("org.jaudiolibs.jnajack");

  static {
    JNAJACK_LOG.setLevel(Level.OFF);
  }

  /**
   * Where the client goes in the JACK graph.
   *
   * @param clientName the client's name; its ports are {@code NAME:in} and {@code NAME:out}
   * @param captureFrom an output port to connect to {@code NAME:in} (e.g. {@code
   *     system:capture_1}), or null to leave it for the user
   * @param playTo input ports to connect {@code NAME:out} to (e.g. {@code system:playback_1} and
   *     {@code _2}); empty to leave them for the user
   */
  public record Settings(String clientName, String captureFrom, List<String> playTo) {
    /** Checks the name and copies the list. */
    public Settings {
      Objects.requireNonNull(clientName, "clientName");
      playTo = List.copyOf(playTo);
    }

    /**
     * @return a client named {@code bowtie}, connected to nothing
     */
    public static Settings unconnected() {
      return new Settings("bowtie", null, List.of());
    }
  }

  private final JackClient client;
  private final SynchronousChain chain;
  private final int rateHz;
  private final int bufferFrames;
  private volatile String failure;
  private boolean closed;

  // jnajack hands these to libjack; the fields keep them reachable while the client lives.
  private final JackVoiceCallback voice;
  private final EndableProcess process;
  private final JackShutdownCallback shutdown =
      c ->
          failure =
              "the JACK server shut down or dropped client '"
                  + c.getName()
                  + "'; restart it and Bowtie";

  private JackHost(
      JackClient client,
      JackPort in,
      JackPort out,
      SynchronousChain chain,
      int rateHz,
      int bufferFrames) {
    this.client = client;
    this.chain = chain;
    this.rateHz = rateHz;
    this.bufferFrames = bufferFrames;
    this.voice = new JackVoiceCallback(in, out, chain);
    this.process = new EndableProcess(voice, out);
  }

  /**
   * Opens the client, registers its ports, builds the chain for the server's rate and buffer size,
   * activates it and makes the connections asked for.
   *
   * @param settings client name and connections
   * @param voice the voice, bypass and mix; prepared, and used by nothing else from now on
   * @param modelRateHz the voice's sample rate
   * @return the running client
   * @throws JackHostException when libjack is missing, no server runs, the name is taken, the
   *     server's rate is out of Bowtie's range or a connection fails; nothing is left open
   */
  public static JackHost start(Settings settings, LiveSettings voice, int modelRateHz)
      throws JackHostException {
    Jack jack = library();
    JackClient client = open(jack, settings.clientName());
    JackHost host = null;
    try {
      JackPort in =
          client.registerPort("in", JackPortType.AUDIO, EnumSet.of(JackPortFlags.JackPortIsInput));
      JackPort out =
          client.registerPort(
              "out", JackPortType.AUDIO, EnumSet.of(JackPortFlags.JackPortIsOutput));
      int rateHz = client.getSampleRate();
      if (rateHz < 8000 || rateHz > 48000) {
        throw new JackHostException(
            "the JACK server runs at "
                + rateHz
                + " Hz; Bowtie works from 8000 to 48000 Hz: restart it at 48000 Hz (jackd -r"
                + " 48000)");
      }
      int bufferFrames = client.getBufferSize();
      SynchronousChain chain = new SynchronousChain(rateHz, modelRateHz, voice, bufferFrames);
      host = new JackHost(client, in, out, chain, rateHz, bufferFrames);
      client.onShutdown(host.shutdown);
      host.process.activate(client);
      if (settings.captureFrom() != null) {
        connect(jack, client, settings.captureFrom(), in.getName());
      }
      for (String target : settings.playTo()) {
        connect(jack, client, out.getName(), target);
      }
      return host;
    } catch (JackException e) {
      closeAfterFailure(client, host);
      throw new JackHostException(
          "the JACK server refused client '"
              + settings.clientName()
              + "' its ports or callbacks; check the server's messages (qjackctl, or jackd's"
              + " output)");
    } catch (JackHostException | RuntimeException e) {
      closeAfterFailure(client, host);
      throw e;
    }
  }

  private static void closeAfterFailure(JackClient client, JackHost host) {
    if (host == null) {
      client.close();
    } else {
      host.close();
    }
  }

  /**
   * The delay from a sample at {@code in} to the same sample at {@code out}, in frames at the
   * server's rate, JACK's own buffers excluded.
   *
   * @return frames
   */
  public int latencyFrames() {
    return chain.latencyFrames();
  }

  /**
   * @return the server's sample rate, at which the chain runs
   */
  public int sampleRateHz() {
    return rateHz;
  }

  /**
   * @return periods JACK did not call Bowtie for since the start (its frame clock jumped)
   */
  public long xruns() {
    return voice.missedPeriods();
  }

  /**
   * @return the server's buffer size in frames at the start: one period
   */
  public int bufferFrames() {
    return bufferFrames;
  }

  /**
   * @return why the client stopped (the server shut down or dropped it), or null while it runs
   */
  public String failure() {
    return failure;
  }

  /**
   * @return one status line: the server's rate and period, hops processed, xruns, voice faults
   */
  public String statusText() {
    return String.format(
        Locale.ROOT,
        "JACK %d Hz, %d frames per period  latency %.1f ms  hops %d  xruns %d  faults %d",
        rateHz,
        bufferFrames,
        latencyFrames() * 1000.0 / rateHz,
        chain.counters().processedHops.get(),
        xruns(),
        chain.counters().voiceFaults.get());
  }

  /**
   * @return the status as one JSON object
   */
  public String statusJson() {
    return String.format(
        Locale.ROOT,
        "{\"backend\":\"jack\",\"rateHz\":%d,\"bufferFrames\":%d,\"latencyFrames\":%d,"
            + "\"processedHops\":%d,\"xruns\":%d,\"voiceFaults\":%d}",
        rateHz,
        bufferFrames,
        latencyFrames(),
        chain.counters().processedHops.get(),
        xruns(),
        chain.counters().voiceFaults.get());
  }

  /**
   * @return the chain's counters: hops processed, voice faults replaced by the dry signal
   */
  public LiveCounters counters() {
    return chain.counters();
  }

  /**
   * Ends the process thread from inside the last period (its output silent), then closes the client
   * ({@link EndableProcess}); the voice is free again when this returns. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      process.endAndClose(client);
    }
  }

  private static Jack library() throws JackHostException {
    try {
      Jack jack = Jack.getInstance();
      LibjackMessages.silence();
      return jack;
    } catch (JackException | LinkageError e) {
      throw new JackHostException(
          "JACK's client library (libjack) is not installed; install it (Debian: apt-get install"
              + " libjack-jackd2-0) and start a JACK server");
    }
  }

  private static JackClient open(Jack jack, String name) throws JackHostException {
    EnumSet<JackStatus> status = EnumSet.noneOf(JackStatus.class);
    try {
      return jack.openClient(
          name, EnumSet.of(JackOptions.JackNoStartServer, JackOptions.JackUseExactName), status);
    } catch (JackException e) {
      if (status.contains(JackStatus.JackNameNotUnique)) {
        throw new JackHostException(
            "a JACK client named '" + name + "' is already running; close it or pick another name");
      }
      String server = System.getenv("JACK_DEFAULT_SERVER");
      throw new JackHostException(
          "no JACK server is running"
              + (server == null ? "" : " named '" + server + "' (JACK_DEFAULT_SERVER)")
              + "; start one (qjackctl, or: jackd -d alsa -r 48000) and try again");
    }
  }

  private static void connect(Jack jack, JackClient client, String from, String to)
      throws JackHostException {
    try {
      jack.connect(client, from, to);
    } catch (JackException e) {
      throw new JackHostException(
          "cannot connect JACK port '"
              + from
              + "' to '"
              + to
              + "': no such port, or not an output to an input; list the ports with: jack_lsp"
              + " -p");
    }
  }
}
