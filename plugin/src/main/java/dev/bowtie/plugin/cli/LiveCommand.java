package dev.bowtie.plugin.cli;

import dev.bowtie.plugin.control.ControlCommands;
import dev.bowtie.plugin.control.ControlException;
import dev.bowtie.plugin.control.ControlServer;
import dev.bowtie.plugin.control.ControlSocket;
import dev.bowtie.plugin.control.LiveSessionControls;
import dev.bowtie.plugin.jack.JackHost;
import dev.bowtie.plugin.jack.JackHostException;
import dev.bowtie.plugin.pulse.ConnectedVirtualMicrophone;
import dev.bowtie.plugin.pulse.PulseException;
import dev.bowtie.plugin.pulse.VirtualMicrophone;
import dev.bowtie.realtime.device.AudioBackend;
import dev.bowtie.realtime.device.AudioBackends;
import dev.bowtie.realtime.device.AudioDevice;
import dev.bowtie.realtime.device.AudioDeviceException;
import dev.bowtie.realtime.device.DeviceInUseException;
import dev.bowtie.realtime.device.DeviceKind;
import dev.bowtie.realtime.device.RealtimePriority;
import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.pipeline.LiveSettings;
import dev.bowtie.realtime.pipeline.LiveStatus;
import dev.bowtie.realtime.pipeline.VoiceEngine;
import dev.bowtie.realtime.ring.WaitStrategyKind;
import dev.bowtie.realtime.session.LiveSession;
import dev.bowtie.realtime.session.SessionSettings;
import dev.bowtie.realtime.voice.VoiceCatalog;
import dev.bowtie.realtime.voice.VoiceLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bowtie live}: a {@link LiveSession} on the devices the options name, until Ctrl-C or
 * SIGTERM (exit 0, lines drained and closed) or {@code --seconds} pass. Prints a status line once a
 * second. Lines on standard input, and {@code bowtie ctl} through the control socket, change
 * settings while it runs ({@link ControlCommands}). A device that disappears is retried for {@code
 * --retry-seconds}; if it does not come back Bowtie says so and exits 1. One session runs per
 * device pair: a second is refused, naming the first. With {@code --virtual-mic} the output is a
 * {@link ConnectedVirtualMicrophone} made for the run on the pulse backend, removed before the
 * shutdown hook lets the process end, and on every error path. With {@code --backend jack} the
 * voice runs as the JACK client {@code bowtie} ({@link JackHost}) instead of a session: JACK's
 * clock drives it, so there is no drift steering, and the client is closed before the process ends.
 */
@Command(
    name = "live",
    mixinStandardHelpOptions = true,
    description = "Change your voice live: microphone in, converted voice out.")
public final class LiveCommand implements Callable<Integer> {
  private static final long SECOND_NANOS = 1_000_000_000L;
  private static final int MAX_RETRY_SECONDS = SessionSettings.MAX_RETRY_SECONDS;
  private static final String JAVASOUND = "javasound";
  private static final String PULSE = "pulse";
  private static final String JACK = "jack";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin VoiceOptions voiceOptions;

  @Option(
      names = "--backend",
      paramLabel = "NAME",
      description =
          "How to reach the devices: javasound (Java Sound; the default), pulse (PulseAudio or"
              + " PipeWire, devices by the server's names; the default with --virtual-mic) or"
              + " jack (a JACK client 'bowtie' with ports bowtie:in and bowtie:out).")
  String backendId;

  @Option(
      names = "--input",
      description =
          "Capture device name (see 'bowtie devices'); with --backend jack, a JACK port to"
              + " connect to bowtie:in (e.g. system:capture_1).")
  String input;

  @Option(
      names = "--output",
      description =
          "Playback device name (see 'bowtie devices'); with --backend jack, JACK ports to"
              + " connect bowtie:out to, separated by commas (e.g."
              + " system:playback_1,system:playback_2).")
  String output;

  @Option(
      names = "--virtual-mic",
      arity = "0..1",
      paramLabel = "NAME",
      fallbackValue = VirtualMicrophone.DEFAULT_NAME,
      description =
          "Play into a new microphone that other programs can pick (OBS, Discord, Zoom, a"
              + " browser), named NAME (default: '"
              + VirtualMicrophone.DEFAULT_NAME
              + "'); removed on exit. Needs PulseAudio or PipeWire.")
  String virtualMic;

  @Option(
      names = "--monitor",
      arity = "0..1",
      paramLabel = "DEVICE",
      description =
          "With --virtual-mic: also hear the converted voice on playback device DEVICE (default:"
              + " the sound server's default sink).")
  String monitor;

  @Option(
      names = "--buffer-ms",
      defaultValue = "20",
      description = "Device buffer per line in ms, 2-1000 (default: ${DEFAULT-VALUE}).")
  int bufferMillis;

  @Option(names = "--bypass", description = "Start in pass-through: play the input unchanged.")
  boolean bypass;

  @Option(
      names = "--mix",
      defaultValue = "1.0",
      description = "Dry/wet mix, 0-1: 0 = dry only, 1 = voice only (default: ${DEFAULT-VALUE}).")
  float wetMix;

  @Option(names = "--json-status", description = "Print the status as JSON lines.")
  boolean jsonStatus;

  @Option(
      names = "--wait-strategy",
      defaultValue = "BLOCKING",
      description =
          "How the voice thread waits for audio: ${COMPLETION-CANDIDATES}"
              + " (default: ${DEFAULT-VALUE}).")
  WaitStrategyKind waitStrategy;

  @Option(
      names = "--seconds",
      defaultValue = "0",
      description =
          "Stop after this many seconds, 0 or more; 0 runs until Ctrl-C (default:"
              + " ${DEFAULT-VALUE}).")
  int seconds;

  @Option(
      names = "--rt-priority",
      defaultValue = "10",
      description =
          "Real-time (SCHED_RR) priority for the capture, voice and playback threads, 1-99;"
              + " 0 leaves them at normal priority (default: ${DEFAULT-VALUE}).")
  int rtPriority;

  @Option(
      names = "--retry-seconds",
      defaultValue = "10",
      description =
          "How long to retry a device that went away, in seconds, 0-"
              + MAX_RETRY_SECONDS
              + " (default: ${DEFAULT-VALUE}).")
  int retrySeconds;

  @Override
  public Integer call() throws InterruptedException {
    if (bufferMillis < 2 || bufferMillis > SessionSettings.MAX_BUFFER_MILLIS) {
      throw new UserError("--buffer-ms " + bufferMillis + " must be between 2 and 1000");
    }
    if (!(wetMix >= 0f && wetMix <= 1f)) {
      throw new UserError("--mix " + wetMix + " must be between 0 and 1");
    }
    if (rtPriority < 0 || rtPriority > RealtimePriority.MAX) {
      throw new UserError(
          "--rt-priority " + rtPriority + " must be between 0 (off) and " + RealtimePriority.MAX);
    }
    if (seconds < 0) {
      throw new UserError("--seconds " + seconds + " must be 0 (run until Ctrl-C) or more");
    }
    if (retrySeconds < 0 || retrySeconds > MAX_RETRY_SECONDS) {
      throw new UserError(
          "--retry-seconds " + retrySeconds + " must be between 0 and " + MAX_RETRY_SECONDS);
    }
    AnalysisSettings analysis = AnalysisSettings.DEFAULT;
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    checkVirtualMicrophoneOptions();
    if (JACK.equals(backendId)) {
      return liveOnJack(analysis, stdout, stderr);
    }
    AudioBackend backend = backend();
    AudioDevice in = device(backend, DeviceKind.CAPTURE, input, "--input");
    AudioDevice out =
        virtualMic == null ? device(backend, DeviceKind.PLAYBACK, output, "--output") : null;
    SessionSettings settings =
        new SessionSettings(
            analysis,
            voiceOptions.synthesis,
            voiceOptions.pitchSemitones,
            bufferMillis,
            waitStrategy,
            rtPriority,
            retrySeconds,
            bypass,
            wetMix);
    try (VoiceOptions.Selection selection = voiceOptions.open(analysis, stderr);
        VoiceLoader voices =
            new VoiceLoader(
                selection.model() != null
                    ? VoiceCatalog.withModel(selection.model())
                    : VoiceCatalog.builtIn(analysis.order()),
                selection.model() != null,
                () -> voiceOptions.modelOptions.open(analysis, stderr))) {
      return live(backend, in, out, voices, settings, stdout, stderr);
    }
  }

  private void checkVirtualMicrophoneOptions() {
    if (virtualMic == null) {
      if (monitor != null) {
        throw new UserError("--monitor hears the virtual microphone: give --virtual-mic too");
      }
      return;
    }
    if (backendId != null && !backendId.equals(PULSE)) {
      throw new UserError(
          "--virtual-mic needs the sound server: leave out --backend "
              + backendId
              + " (it uses --backend "
              + PULSE
              + ")");
    }
    if (output != null) {
      throw new UserError(
          "--virtual-mic plays into the microphone it creates: leave out --output, or leave out"
              + " --virtual-mic to play into '"
              + output
              + "'");
    }
  }

  private AudioBackend backend() {
    return backendNamed(backendId != null ? backendId : virtualMic != null ? PULSE : JAVASOUND);
  }

  /** The backend with that id, or a one-line error naming the ones there are. */
  static AudioBackend backendNamed(String id) {
    try {
      return AudioBackends.named(id);
    } catch (AudioDeviceException e) {
      throw new UserError("--backend: " + e.getMessage(), e);
    }
  }

  /** The device the user named with {@code option}, or the default one. */
  static AudioDevice device(AudioBackend backend, DeviceKind kind, String name, String option) {
    try {
      return backend.find(kind, name);
    } catch (AudioDeviceException e) {
      String prefix = name == null ? "" : option + ": ";
      String hint = e.deviceMissing() ? " ('bowtie devices' lists them)" : "";
      throw new UserError(prefix + e.getMessage() + hint, e);
    }
  }

  private int live(
      AudioBackend backend,
      AudioDevice in,
      AudioDevice out,
      VoiceLoader voices,
      SessionSettings settings,
      PrintWriter stdout,
      PrintWriter stderr)
      throws InterruptedException {
    return untilSignal(
        stopRequested -> {
          ConnectedVirtualMicrophone microphone = null;
          try {
            AudioDevice playback = out;
            if (virtualMic != null) {
              microphone = openMicrophone();
              playback =
                  device(
                      backend,
                      DeviceKind.PLAYBACK,
                      microphone.microphone().sinkName(),
                      "--virtual-mic");
            }
            return play(
                backend, in, playback, microphone, voices, settings, stopRequested, stdout, stderr);
          } finally {
            closeMicrophone(microphone, stderr);
          }
        },
        stdout,
        stderr);
  }

  /** A run that ends when {@code stopRequested} opens (Ctrl-C, SIGTERM) or by itself. */
  private interface StoppableRun {
    int run(CountDownLatch stopRequested) throws InterruptedException;
  }

  /**
   * Runs {@code body} with a shutdown hook that asks it to stop and lets the process end (with 0)
   * only once it has returned and released what it holds.
   */
  private static int untilSignal(StoppableRun body, PrintWriter stdout, PrintWriter stderr)
      throws InterruptedException {
    CountDownLatch stopRequested = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> onSignal(stopRequested, stopped, stdout), "bowtie-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return body.run(stopRequested);
    } finally {
      stdout.flush();
      stderr.flush();
      stopped.countDown();
      if (stopRequested.getCount() != 0) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // A signal arrived during cleanup: the hook now ends the process with 0.
        }
      }
    }
  }

  /**
   * The voice as the JACK client {@code bowtie} until Ctrl-C, SIGTERM or {@code --seconds}; a
   * server that shuts down ends it with 1.
   */
  private int liveOnJack(AnalysisSettings analysis, PrintWriter stdout, PrintWriter stderr)
      throws InterruptedException {
    refuseSessionOptionsOnJack();
    JackHost.Settings ports =
        new JackHost.Settings(
            "bowtie", input, output == null ? List.of() : List.of(output.split(",", -1)));
    try (VoiceOptions.Selection selection = voiceOptions.open(analysis, stderr)) {
      LiveSettings voice =
          new LiveSettings(
              selection.voice().name(),
              new VoiceEngine(analysis, selection.voice(), voiceOptions.synthesis),
              bypass,
              wetMix);
      return untilSignal(
          stopRequested -> {
            try (JackHost host = startJack(ports, voice, analysis.sampleRateHz())) {
              say(
                  stderr,
                  String.format(
                      "live with voice %s%s as JACK client 'bowtie' (ports bowtie:in,"
                          + " bowtie:out): %d Hz, %d frames per period, algorithmic latency %.1f"
                          + " ms; Ctrl-C stops",
                      voice.voiceName(),
                      bypass ? " (bypassed)" : "",
                      host.sampleRateHz(),
                      host.bufferFrames(),
                      host.latencyFrames() * 1000.0 / host.sampleRateHz()));
              return runJack(host, stopRequested, stdout, stderr);
            }
          },
          stdout,
          stderr);
    }
  }

  /** The device loop's own settings mean nothing to a JACK client: refused, not ignored. */
  private void refuseSessionOptionsOnJack() {
    CommandLine.ParseResult given = spec.commandLine().getParseResult();
    if (given.hasMatchedOption("--buffer-ms")) {
      throw new UserError(
          "--buffer-ms does not apply to --backend jack: the JACK server sets the period (jackd"
              + " -p); leave it out");
    }
    for (String option : List.of("--wait-strategy", "--rt-priority", "--retry-seconds")) {
      if (given.hasMatchedOption(option)) {
        throw new UserError(
            option + " does not apply to --backend jack: JACK runs the voice; leave it out");
      }
    }
  }

  private static JackHost startJack(JackHost.Settings ports, LiveSettings voice, int modelRateHz) {
    try {
      return JackHost.start(ports, voice, modelRateHz);
    } catch (JackHostException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  private int runJack(
      JackHost host, CountDownLatch stopRequested, PrintWriter stdout, PrintWriter stderr)
      throws InterruptedException {
    boolean interactive = System.console() != null && !jsonStatus;
    long start = System.nanoTime();
    while (!stopRequested.await(1, TimeUnit.SECONDS)) {
      if (host.failure() != null) {
        say(stderr, host.failure());
        return 1;
      }
      if (jsonStatus) {
        stdout.println(host.statusJson());
      } else if (interactive) {
        stdout.print("\r" + host.statusText());
      } else {
        stdout.println(host.statusText());
      }
      stdout.flush();
      if (seconds > 0 && System.nanoTime() - start >= seconds * SECOND_NANOS) {
        break;
      }
    }
    if (interactive) {
      stdout.println();
    }
    return 0;
  }

  private ConnectedVirtualMicrophone openMicrophone() {
    try {
      return ConnectedVirtualMicrophone.open(
          virtualMic, monitor != null, monitor == null || monitor.isEmpty() ? null : monitor);
    } catch (PulseException e) {
      throw new UserError("--virtual-mic: " + e.getMessage(), e);
    }
  }

  /** One line naming the microphone to pick in other programs. */
  private void announce(VirtualMicrophone microphone, PrintWriter stderr) {
    String heard =
        monitor == null
            ? ""
            : "; you hear it on " + (monitor.isEmpty() ? "the default sink" : "'" + monitor + "'");
    say(
        stderr,
        "virtual microphone ready: pick \""
            + microphone.name()
            + "\" as the microphone in OBS, Discord, Zoom or a browser (source '"
            + microphone.sourceName()
            + "')"
            + heard);
  }

  private static void closeMicrophone(ConnectedVirtualMicrophone microphone, PrintWriter stderr) {
    if (microphone == null) {
      return;
    }
    try {
      microphone.close();
    } catch (PulseException e) {
      say(
          stderr,
          "could not remove the virtual microphone: "
              + e.getMessage()
              + "; the next 'bowtie live --virtual-mic' removes it");
    }
  }

  /** Runs the session until it is stopped; the caller releases the devices. */
  private int play(
      AudioBackend backend,
      AudioDevice in,
      AudioDevice out,
      ConnectedVirtualMicrophone microphone,
      VoiceLoader voices,
      SessionSettings settings,
      CountDownLatch stopRequested,
      PrintWriter stdout,
      PrintWriter stderr)
      throws InterruptedException {
    try (LiveSession session = start(backend, in, out, voices, settings, stderr)) {
      stderr.printf(
          "bowtie: live with voice %s%s: capture '%s' %d Hz, playback '%s' %d Hz, %d ms buffers,"
              + " algorithmic latency %.1f ms; Ctrl-C stops%n",
          session.settings().voiceName(),
          bypass ? " (bypassed)" : "",
          in.name(),
          session.inputFormat().rateHz(),
          out.name(),
          session.outputFormat().rateHz(),
          bufferMillis,
          session.algorithmicLatencyMillis());
      if (microphone != null) {
        announce(microphone.microphone(), stderr);
      }
      stderr.flush();
      ControlCommands commands = new ControlCommands(new LiveSessionControls(session));
      startStandardInputControl(commands, stderr);
      ControlServer remote = startControlSocket(commands, stderr);
      try {
        int code = run(session, stopRequested, stdout, stderr);
        return stopRequested.getCount() == 0 ? 0 : code;
      } finally {
        if (remote != null) {
          remote.close();
        }
      }
    }
  }

  private LiveSession start(
      AudioBackend backend,
      AudioDevice in,
      AudioDevice out,
      VoiceLoader voices,
      SessionSettings settings,
      PrintWriter stderr) {
    LiveSession.Listener listener =
        new LiveSession.Listener() {
          @Override
          public void deviceLost(String why, int retrySeconds) {
            say(stderr, why + "; retrying for " + retrySeconds + " s");
          }

          @Override
          public void deviceBack() {
            say(stderr, "audio device is back");
          }

          @Override
          public void gaveUp(String why) {
            say(stderr, why + "; stopping. Check that the sound server runs ('pactl info')");
          }
        };
    try {
      return LiveSession.start(backend, in, out, voices, voiceOptions.voice, settings, listener);
    } catch (AudioDeviceException e) {
      String hint = e.deviceMissing() ? "" : " Try another --buffer-ms, or 'bowtie devices'";
      throw new UserError(e.getMessage() + hint, e);
    } catch (DeviceInUseException e) {
      throw new UserError(e.getMessage(), e);
    } catch (IOException e) {
      throw new UserError(e.getMessage() + "; set XDG_RUNTIME_DIR to a folder of your own", e);
    }
  }

  private int run(
      LiveSession session, CountDownLatch stopRequested, PrintWriter stdout, PrintWriter stderr)
      throws InterruptedException {
    boolean interactive = System.console() != null && !jsonStatus;
    long start = System.nanoTime();
    boolean priorityReported = false;
    LiveStatus shown = null;
    while (!stopRequested.await(1, TimeUnit.SECONDS)) {
      if (session.state() == LiveSession.State.FAILED) {
        return 1;
      }
      LiveStatus status = session.status();
      if (status != null && status != shown && session.state() == LiveSession.State.RUNNING) {
        if (!priorityReported) {
          reportPriority(session.realtimePriority(), stderr);
          priorityReported = true;
        }
        if (jsonStatus) {
          stdout.println(status.toJson());
        } else if (interactive) {
          stdout.print("\r" + status.toText());
        } else {
          stdout.println(status.toText());
        }
        stdout.flush();
        shown = status;
      }
      if (seconds > 0 && System.nanoTime() - start >= seconds * SECOND_NANOS) {
        break;
      }
    }
    if (interactive) {
      stdout.println();
    }
    return 0;
  }

  /** One line on how the loop's threads are scheduled, once they have all started. */
  private static void reportPriority(RealtimePriority realtime, PrintWriter stderr) {
    if (realtime.priority() == 0) {
      return;
    }
    String refusal = realtime.refusal();
    if (refusal != null) {
      say(stderr, refusal + " (--rt-priority 0); running at normal priority");
    } else {
      say(
          stderr,
          "real-time priority SCHED_RR "
              + realtime.priority()
              + " for "
              + realtime.grantedThreads()
              + " threads");
    }
  }

  /**
   * Reads control lines from standard input while the loop runs and answers each on standard error;
   * a line that fails is answered with one line, and the settings stay as they were.
   */
  private static void startStandardInputControl(ControlCommands commands, PrintWriter stderr) {
    Thread control =
        new Thread(
            () -> {
              BufferedReader in =
                  new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
              try {
                for (String line; (line = in.readLine()) != null; ) {
                  if (!line.isBlank()) {
                    say(stderr, answer(commands, line));
                  }
                }
              } catch (IOException e) {
                // Standard input closed: the loop runs on without it.
              }
            },
            "bowtie-control");
    control.setDaemon(true);
    control.start();
  }

  private static String answer(ControlCommands commands, String line) {
    try {
      return commands.handle(line.strip());
    } catch (RuntimeException e) {
      return e.getMessage();
    }
  }

  /**
   * The control socket {@code bowtie ctl} talks to; without it (another live holds it, no usable
   * runtime folder) the loop runs on and says so.
   *
   * @return the server, or null
   */
  private static ControlServer startControlSocket(ControlCommands commands, PrintWriter stderr) {
    try {
      return ControlServer.start(ControlSocket.path(System.getenv()), commands);
    } catch (ControlException e) {
      say(stderr, e.getMessage() + "; 'bowtie ctl' cannot reach this one");
      return null;
    }
  }

  private static void say(PrintWriter stderr, String line) {
    synchronized (stderr) {
      stderr.println("bowtie: " + line);
      stderr.flush();
    }
  }

  /**
   * Runs on SIGINT/SIGTERM: asks the loop to stop, waits for the clean shutdown, and ends the
   * process with 0 (a JVM ended by a signal would otherwise exit 130/143).
   */
  private static void onSignal(
      CountDownLatch stopRequested, CountDownLatch stopped, PrintWriter stdout) {
    stopRequested.countDown();
    try {
      stopped.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stdout.flush();
    System.err.flush();
    Runtime.getRuntime().halt(0);
  }
}
