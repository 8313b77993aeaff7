package dev.bowtie.plugin.cli;

import dev.bowtie.plugin.latency.LatencyRun;
import dev.bowtie.plugin.latency.LatencyRunException;
import dev.bowtie.plugin.latency.LatencyTable;
import dev.bowtie.plugin.latency.ModeResult;
import dev.bowtie.plugin.latency.ProbeInjector;
import dev.bowtie.plugin.latency.ProbeTrain;
import dev.bowtie.plugin.latency.ProbingBackend;
import dev.bowtie.plugin.latency.RunSetup;
import dev.bowtie.plugin.report.BenchLatencyReport;
import dev.bowtie.plugin.report.ReportException;
import dev.bowtie.plugin.report.ReportFolder;
import dev.bowtie.plugin.report.RunEnvironment;
import dev.bowtie.realtime.device.AudioBackend;
import dev.bowtie.realtime.device.AudioDevice;
import dev.bowtie.realtime.device.AudioDeviceException;
import dev.bowtie.realtime.device.DeviceInUseException;
import dev.bowtie.realtime.device.DeviceKind;
import dev.bowtie.realtime.device.RealtimePriority;
import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.dsp.SynthesisMode;
import dev.bowtie.realtime.ring.WaitStrategyKind;
import dev.bowtie.realtime.session.LiveSession;
import dev.bowtie.realtime.session.SessionSettings;
import dev.bowtie.realtime.voice.Voice;
import dev.bowtie.realtime.voice.VoiceCatalog;
import dev.bowtie.realtime.voice.VoiceLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bowtie bench latency}: the true round trip of the live loop on the user's devices, through
 * a loop the user provides, with pass-through and each voice alternated in one run ({@link
 * LatencyRun}). The table goes to standard output, the progress bar to standard error; with {@code
 * --report DIR} a JSON, HTML and PNG report is written there, only when the run completed.
 */
@Command(
    name = "latency",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Measure the true round trip of the live loop on your devices, through a loop you provide:"
          + " a loopback cable, a virtual loop (the sound server's null sink and its monitor),"
          + " or the speaker heard by the microphone.",
      "Bowtie plays clicks and a second of speech into the voice instead of what the microphone"
          + " hears, plays the result on --output, and times each probe's return on --input on"
          + " the capture device's clock. Each round plays pass-through and then every --voice,"
          + " so the latency a voice adds is a difference measured on one clock. The speech"
          + " probe shows how far a voice's spectral envelope lags behind the input's beyond"
          + " the click round trip.",
      "A benchmark reports; it never passes or fails on a machine's speed."
    })
final class BenchLatencyCommand implements Callable<Integer> {
  @Option(
      names = "--backend",
      paramLabel = "NAME",
      defaultValue = "javasound",
      description =
          "How to reach the devices: javasound or pulse, as for 'bowtie live' (default:"
              + " ${DEFAULT-VALUE}).")
  String backendId;

  @Option(
      names = "--input",
      paramLabel = "DEV",
      description = "Capture device the loop returns to.")
  String input;

  @Option(
      names = "--output",
      paramLabel = "DEV",
      description = "Playback device the loop starts at.")
  String output;

  @Option(
      names = "--voice",
      paramLabel = "NAME,...",
      defaultValue = "identity",
      description =
          "Voices to measure besides pass-through, comma-separated (a blend such as"
              + " slt:0.6,rms:0.4 is given as its own --voice). Default: ${DEFAULT-VALUE}.")
  List<String> voiceArguments;

  @Option(
      names = "--synthesis",
      defaultValue = "vocoder",
      paramLabel = "MODE",
      description = "vocoder or residual, for every voice. Default: ${DEFAULT-VALUE}.")
  SynthesisMode synthesis;

  @Option(
      names = "--seconds",
      defaultValue = "20",
      paramLabel = "S",
      description =
          "Seconds of probes, shared by pass-through and the voices, above 0 and at most 3600;"
              + " every mode gets at least one 2-second segment. Default: ${DEFAULT-VALUE}.")
  double seconds;

  @Option(
      names = "--buffer-ms",
      defaultValue = "20",
      description = "Device buffer per line in ms, 2-1000 (default: ${DEFAULT-VALUE}).")
  int bufferMillis;

  @Option(
      names = "--rt-priority",
      defaultValue = "10",
      description =
          "Real-time (SCHED_RR) priority for the loop's threads, 1-99; 0 leaves them at normal"
              + " priority (default: ${DEFAULT-VALUE}).")
  int rtPriority;

  @Option(
      names = "--report",
      paramLabel = "DIR",
      description =
          "Also write a report into DIR (made if missing): "
              + BenchLatencyReport.JSON
              + " with every figure, the machine and the settings (schema:"
              + " docs/schemas/bench-latency.schema.json), index.html and PNG plots.")
  Path report;

  @Mixin ModelOptions modelOptions;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    if (!(seconds > 0 && seconds <= 3600)) {
      throw new UserError(
          "--seconds " + seconds + " must be more than 0 and at most 3600 (one hour)");
    }
    if (bufferMillis < 2 || bufferMillis > SessionSettings.MAX_BUFFER_MILLIS) {
      throw new UserError("--buffer-ms " + bufferMillis + " must be between 2 and 1000");
    }
    if (rtPriority < 0 || rtPriority > RealtimePriority.MAX) {
      throw new UserError(
          "--rt-priority " + rtPriority + " must be between 0 (off) and " + RealtimePriority.MAX);
    }
    List<String> voices = voices(voiceArguments);
    ReportFolder folder = null;
    if (report != null) {
      try {
        folder = ReportFolder.prepare(report);
      } catch (ReportException e) {
        throw new UserError("--report " + e.getMessage(), e);
      }
    }
    try {
      return bench(voices, folder);
    } finally {
      if (folder != null) {
        folder.close();
      }
    }
  }

  /** Runs the benchmark; only a run that finishes commits a report into {@code folder}. */
  private int bench(List<String> voices, ReportFolder folder) throws InterruptedException {
    AnalysisSettings analysis = AnalysisSettings.DEFAULT;
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AudioBackend backend = LiveCommand.backendNamed(backendId);
    AudioDevice in = LiveCommand.device(backend, DeviceKind.CAPTURE, input, "--input");
    AudioDevice outDevice = LiveCommand.device(backend, DeviceKind.PLAYBACK, output, "--output");
    int rate = in.preferredRateHz();
    ProbeTrain train =
        new ProbeTrain(AudioFiles.monoAt(AudioFiles.read(AudioFiles.bundledSample()), rate), rate);
    ProbeInjector injector =
        new ProbeInjector(train, (int) Math.round(LatencyRun.HISTORY_SECONDS * rate));
    int rounds = LatencyRun.rounds(seconds, voices.size(), train);
    SessionSettings settings =
        new SessionSettings(
            analysis,
            synthesis,
            0,
            bufferMillis,
            WaitStrategyKind.BLOCKING,
            rtPriority,
            0,
            true,
            1f);
    try (VoiceLoader loader =
        new VoiceLoader(
            VoiceCatalog.builtIn(analysis.order()),
            false,
            () -> modelOptions.open(analysis, err))) {
      for (String v : voices) {
        check(loader, v);
      }
      Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      List<ModeResult> results;
      RunSetup setup;
      try (LiveSession session =
          start(
              new ProbingBackend(backend, injector),
              in,
              outDevice,
              loader,
              voices.get(0),
              settings)) {
        setup =
            new RunSetup(
                BenchCommand.typed(spec),
                backend.id(),
                in.name(),
                session.inputFormat().rateHz(),
                outDevice.name(),
                session.outputFormat().rateHz(),
                bufferMillis,
                synthesis.name().toLowerCase(Locale.ROOT),
                voices,
                seconds,
                rounds,
                rtPriority);
        AtomicInteger done = new AtomicInteger();
        AtomicInteger segments = new AtomicInteger(1);
        try (ProgressBar bar =
            new ProgressBar(
                err, "bench latency", done::get, segments::get, System.console() != null)) {
          bar.start();
          results =
              new LatencyRun(session, injector, train, analysis, in.name(), outDevice.name())
                  .run(
                      voices,
                      rounds,
                      (finished, total, mode) -> {
                        segments.set(total);
                        done.set(finished);
                      });
        }
      } catch (LatencyRunException e) {
        throw new UserError(e.getMessage(), e);
      }
      Instant ended = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      LatencyTable.print(results, setup, out);
      if (folder != null) {
        try {
          BenchLatencyReport.write(
              folder,
              results,
              setup,
              RunEnvironment.ofThisMachine(version(), BenchLatencyCommand.class),
              started,
              ended);
        } catch (ReportException e) {
          throw new UserError("--report " + e.getMessage(), e);
        }
        out.println("report: " + folder.page());
        out.flush();
      }
      return 0;
    }
  }

  /**
   * The voices of the {@code --voice} arguments: each argument is a comma-separated list, except
   * that an argument with weights ({@code slt:0.6,rms:0.4}) is one blend.
   */
  static List<String> voices(List<String> arguments) {
    List<String> voices = new ArrayList<>();
    for (String a : arguments) {
      for (String v : a.contains(":") ? List.of(a) : List.of(a.split(","))) {
        String name = v.strip();
        if (name.isEmpty()) {
          throw new UserError(
              "--voice '" + a + "' has an empty name; give names such as identity,slt");
        }
        if (!voices.contains(name)) {
          voices.add(name);
        }
      }
    }
    return voices;
  }

  /** Makes the voice once, so that an unknown one fails before any device opens. */
  private static void check(VoiceLoader loader, String voice) {
    try (Voice made = loader.create(voice, 0)) {
      made.name();
    } catch (IllegalArgumentException e) {
      throw new UserError("--voice: " + e.getMessage(), e);
    }
  }

  private static LiveSession start(
      AudioBackend backend,
      AudioDevice in,
      AudioDevice out,
      VoiceLoader voices,
      String voice,
      SessionSettings settings) {
    try {
      return LiveSession.start(
          backend, in, out, voices, voice, settings, new LiveSession.Listener() {});
    } catch (AudioDeviceException e) {
      String hint = e.deviceMissing() ? "" : " Try another --buffer-ms, or 'bowtie devices'";
      throw new UserError(e.getMessage() + hint, e);
    } catch (DeviceInUseException e) {
      throw new UserError(e.getMessage(), e);
    } catch (IOException e) {
      throw new UserError(e.getMessage() + "; set XDG_RUNTIME_DIR to a folder of your own", e);
    }
  }

  private static String version() {
    return new BowtieVersion().getVersion()[0].replaceFirst("^bowtie ", "");
  }
}
