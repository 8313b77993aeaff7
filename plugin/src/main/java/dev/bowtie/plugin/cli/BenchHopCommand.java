package dev.bowtie.plugin.cli;

import dev.bowtie.plugin.report.BenchHopReport;
import dev.bowtie.plugin.report.BenchHopSettings;
import dev.bowtie.plugin.report.ReportException;
import dev.bowtie.plugin.report.ReportFolder;
import dev.bowtie.plugin.report.RunEnvironment;
import dev.bowtie.realtime.audio.DecodedAudio;
import dev.bowtie.realtime.bench.HopBench;
import dev.bowtie.realtime.bench.HopBenchResult;
import dev.bowtie.realtime.bench.HopStage;
import dev.bowtie.realtime.bench.SubjectResult;
import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.dsp.SynthesisMode;
import dev.bowtie.realtime.model.VoiceModel;
import dev.bowtie.realtime.voice.IdentityVoice;
import dev.bowtie.realtime.voice.VoiceCatalog;
import dev.bowtie.realtime.voice.VoiceTarget;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bowtie bench hop}: the time of each stage of a 5 ms hop inside the engine ({@link
 * HopBench}), for voices and baselines in the same run, as a table on standard output and, with
 * {@code --report}, a JSON, HTML and PNG report. A progress bar goes to standard error.
 */
@Command(
    name = "hop",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Measure the time of each stage of a 5 ms hop inside the engine, for voices and baselines.",
      "The bundled sentence runs hop by hop at 48 kHz through each voice (resampling,"
          + " mel-cepstrum, F0, encoder, decoder, synthesis, whole hop) and through the baselines"
          + " (TarsosDSP's phase-vocoder pitch shifter, pass-through), interleaved on one thread"
          + " so that ratios hold on a busy machine; then SPTK's command-line analysis and"
          + " synthesis over the same audio when SPTK is installed. Times go into HdrHistograms:"
          + " p50, p90, p99, p99.9 and max per hop, with the real-time factor, the bytes"
          + " allocated per hop and the garbage collector's pauses.",
      "No devices needed; a benchmark reports, it does not pass or fail."
    })
final class BenchHopCommand implements Callable<Integer> {
  /** Audio run through every voice and baseline before measuring. */
  static final double WARM_UP_SECONDS = 1.0;

  @Option(
      names = "--voice",
      split = ",",
      paramLabel = "NAME",
      description =
          "Voices to measure, separated by commas: voices of the pack or built-in voices."
              + " Default: the pack's first voice and identity.")
  List<String> voices;

  @Option(
      names = "--seconds",
      defaultValue = "5",
      paramLabel = "S",
      description =
          "Seconds of speech measured per voice and baseline (above 0, at most 3600), after "
              + WARM_UP_SECONDS
              + " s of warm-up. Default: ${DEFAULT-VALUE}.")
  double seconds;

  @Option(
      names = "--synthesis",
      defaultValue = "vocoder",
      paramLabel = "MODE",
      description = "vocoder or residual. Default: ${DEFAULT-VALUE}.")
  SynthesisMode synthesis;

  @Option(
      names = "--report",
      paramLabel = "DIR",
      description =
          "Also write a report into DIR (made if missing): bench-hop.json with every figure,"
              + " index.html and PNG plots.")
  Path report;

  @Mixin ModelOptions modelOptions;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (!(seconds > 0 && seconds <= 3600)) {
      throw new UserError(
          "--seconds " + seconds + " must be more than 0 and at most 3600 (one hour)");
    }
    PrintWriter out = spec.commandLine().getOut();
    ReportFolder folder = null;
    if (report != null) {
      try {
        folder = ReportFolder.prepare(report);
      } catch (ReportException e) {
        throw new UserError("--report " + e.getMessage(), e);
      }
    }
    try {
      AnalysisSettings settings = AnalysisSettings.DEFAULT;
      DecodedAudio sample = AudioFiles.read(AudioFiles.bundledSample());
      VoiceModel model = modelOptions.open(settings, out);
      try {
        List<String> chosen = voices(model, settings);
        return bench(model, settings, chosen, sample, out, folder);
      } finally {
        if (model != null) {
          model.close();
        }
      }
    } finally {
      if (folder != null) {
        folder.close();
      }
    }
  }

  private int bench(
      VoiceModel model,
      AnalysisSettings settings,
      List<String> chosen,
      DecodedAudio sample,
      PrintWriter out,
      ReportFolder folder) {
    float[] atDeviceRate = AudioFiles.monoAt(sample, HopBench.DEVICE_RATE_HZ);
    float[] atModelRate = AudioFiles.monoAt(sample, settings.sampleRateHz());
    out.printf(
        Locale.ROOT,
        "bench hop: the bundled sentence at %d Hz, 5 ms hops; voices %s; %s synthesis; %.1f s"
            + " measured per voice and baseline after %.1f s of warm-up, interleaved on one"
            + " thread%n",
        HopBench.DEVICE_RATE_HZ,
        String.join(", ", chosen),
        synthesis.name().toLowerCase(Locale.ROOT),
        seconds,
        WARM_UP_SECONDS);
    out.flush();
    Instant date = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    HopBenchResult result;
    try (HopBench bench =
        new HopBench(model, settings, chosen, synthesis, seconds, WARM_UP_SECONDS)) {
      try (ProgressBar bar =
          new ProgressBar(
              spec.commandLine().getErr(),
              "bench hop",
              bench::hopsDone,
              bench::totalHops,
              System.console() != null)) {
        bar.start();
        result = bench.run(atDeviceRate, atModelRate);
      }
    }
    printTable(out, result);
    if (folder != null) {
      RunEnvironment env = RunEnvironment.ofThisMachine(version(), BenchHopCommand.class);
      BenchHopSettings s =
          new BenchHopSettings(
              BenchCommand.typed(spec),
              chosen,
              seconds,
              WARM_UP_SECONDS,
              HopBench.DEVICE_RATE_HZ,
              settings.sampleRateHz(),
              settings.hopSamples(),
              synthesis.name().toLowerCase(Locale.ROOT),
              model == null ? null : modelOptions.device().name().toLowerCase(Locale.ROOT),
              model == null ? null : model.pack().location().toString(),
              HopBench.TARSOS_PITCH_FACTOR,
              HopBench.TARSOS_FRAME_SAMPLES);
      try {
        BenchHopReport.write(folder, result, env, s, date);
      } catch (ReportException e) {
        throw new UserError("--report " + e.getMessage(), e);
      }
      out.println("report: " + folder.page());
    }
    out.flush();
    return 0;
  }

  private static String version() {
    String v = new BowtieVersion().getVersion()[0];
    return v.substring("bowtie ".length());
  }

  private static void printTable(PrintWriter out, HopBenchResult r) {
    out.println(
        "voice/baseline         hop p50 µs  p90 µs    p99 µs    p99.9 µs  max µs    RTF     "
            + " bytes/hop");
    for (SubjectResult s : r.subjects()) {
      Histogram h = s.times().histograms().get(HopStage.HOP);
      out.printf(
          Locale.ROOT,
          "%-22s %10.1f  %8.1f  %8.1f  %8.1f  %8.1f  %7.4f  %9.1f%n",
          s.name(),
          h.getValueAtPercentile(50) / 1e3,
          h.getValueAtPercentile(90) / 1e3,
          h.getValueAtPercentile(99) / 1e3,
          h.getValueAtPercentile(99.9) / 1e3,
          h.getMaxValue() / 1e3,
          r.realTimeFactor(s),
          s.bytesPerHop());
    }
    for (SubjectResult s : r.subjects()) {
      if (s.times().histograms().size() <= 1) {
        continue;
      }
      StringBuilder line = new StringBuilder("  " + s.name() + " stages p50/p99 µs:");
      for (Map.Entry<HopStage, Histogram> e : s.times().histograms().entrySet()) {
        if (e.getKey() != HopStage.HOP) {
          line.append(
              String.format(
                  Locale.ROOT,
                  " %s %.1f/%.1f",
                  e.getKey().key(),
                  e.getValue().getValueAtPercentile(50) / 1e3,
                  e.getValue().getValueAtPercentile(99) / 1e3));
        }
      }
      out.println(line);
    }
    if (r.sptk().skipped() == null) {
      out.printf(
          Locale.ROOT,
          "sptk (command-line pipeline, whole run): %.1f µs per hop of audio on average, RTF"
              + " %.4f%n",
          r.sptk().meanNanosPerHop() / 1e3,
          r.sptk().meanNanosPerHop() / 1e9 / r.hopSeconds());
    } else {
      out.println("sptk: skipped: " + r.sptk().skipped());
    }
    double gcMillis = r.gcPauses().stream().mapToDouble(p -> p.millis()).sum();
    out.printf(
        Locale.ROOT,
        "GC pauses while measuring: %d, %.1f ms in all%n",
        r.gcPauses().size(),
        gcMillis);
  }

  /** The voices --voice names, checked; by default the pack's first voice and identity. */
  private List<String> voices(VoiceModel model, AnalysisSettings settings) {
    VoiceCatalog catalog =
        model != null ? VoiceCatalog.withModel(model) : VoiceCatalog.builtIn(settings.order());
    if (voices == null) {
      List<String> defaults = new ArrayList<>();
      if (model != null) {
        defaults.add(model.pack().speakers().get(0).name());
      }
      defaults.add(IdentityVoice.NAME);
      return defaults;
    }
    for (String v : voices) {
      if (VoiceTarget.isBlend(v) && model != null) {
        try {
          VoiceTarget.resolve(v, model.pack().manifest());
        } catch (IllegalArgumentException e) {
          throw new UserError("--voice: " + e.getMessage(), e);
        }
      } else if (!catalog.names().contains(v)) {
        throw new UserError(
            "--voice: unknown voice '"
                + v
                + "'; choose one of: "
                + String.join(", ", catalog.names()));
      }
    }
    return List.copyOf(voices);
  }
}
