package dev.bowtie.plugin.cli;

import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.dsp.SynthesisMode;
import dev.bowtie.realtime.model.Speaker;
import dev.bowtie.realtime.model.VoiceModel;
import dev.bowtie.realtime.model.VoicePackManifest;
import dev.bowtie.realtime.streams.BatchedStreamEngine;
import dev.bowtie.realtime.streams.SeparateStreamEngine;
import dev.bowtie.realtime.streams.SpeechStreams;
import dev.bowtie.realtime.streams.StreamThroughput;
import dev.bowtie.realtime.voice.VoiceCatalog;
import dev.bowtie.realtime.voice.VoiceTarget;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bowtie bench streams}: how many neural voice streams one core sustains, with the model run
 * once per hop for all streams (batched) and once per stream (separate), measured in the same run
 * ({@link StreamThroughput}). The table goes to standard output, a row as soon as it is measured;
 * progress of long rows goes to standard error.
 */
@Command(
    name = "streams",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Measure how many voice streams one core changes in real time, batched and separate.",
      "N streams of the bundled sentence (stream i starts i/N of the way in, so they differ) run"
          + " flat out on one thread through two engines, hop by hop in turn: 'batched' runs the"
          + " model once per 5 ms hop for all N streams (encoder and decoder each one ONNX"
          + " Runtime call with N rows), 'separate' runs one engine per stream (N calls of one"
          + " row each). Each stream keeps its own analysis, synthesis and F0 statistics.",
      "Columns: time per hop of all N streams (p50, p99); real-time factor per stream (p50"
          + " time / N / 5 ms); streams one core sustains = 5 ms / time per hop x N, at p50 and"
          + " at p99 (the safe figure: a live thread must finish nearly every hop in time).",
      "Both engines are measured in the same run, interleaved, so their ratio holds on a busy"
          + " machine even when absolute times do not."
    })
final class BenchStreamsCommand implements Callable<Integer> {
  /** Largest stream count accepted: each stream holds about 0.2 MB of analysis state per engine. */
  static final int MAX_STREAMS = 1024;

  /** Warm-up per stream count, in stream-seconds of audio through each engine. */
  private static final double WARM_UP_STREAM_SECONDS = 20.0;

  /** Nanoseconds between progress lines. */
  private static final long PROGRESS_NANOS = 5_000_000_000L;

  @Option(
      names = "--streams",
      split = ",",
      defaultValue = "1,4,16,64",
      paramLabel = "N",
      description =
          "Stream counts to measure, one table row pair each (1 to "
              + MAX_STREAMS
              + "). Default: ${DEFAULT-VALUE}.")
  List<Integer> streams;

  @Option(
      names = "--voice",
      paramLabel = "NAME",
      description =
          "Voice every stream speaks as: a voice of the pack or a blend (slt:0.6,rms:0.4)."
              + " Default: the pack's voices in turn (stream i as voice i mod K).")
  String voice;

  @Option(
      names = "--seconds",
      defaultValue = "5",
      paramLabel = "S",
      description =
          "Seconds of speech each stream runs through each engine (above 0, at most 3600),"
              + " after a warm-up of max(1, 20/N) s. Default: ${DEFAULT-VALUE}.")
  double seconds;

  @Option(
      names = "--synthesis",
      defaultValue = "vocoder",
      paramLabel = "MODE",
      description = "vocoder or residual, for every stream. Default: ${DEFAULT-VALUE}.")
  SynthesisMode synthesis;

  @Mixin ModelOptions modelOptions;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    for (int n : streams) {
      if (n < 1 || n > MAX_STREAMS) {
        throw new UserError(
            "--streams " + n + ": a stream count must be between 1 and " + MAX_STREAMS);
      }
    }
    if (!(seconds > 0 && seconds <= 3600)) {
      throw new UserError(
          "--seconds " + seconds + " must be more than 0 and at most 3600 (one hour)");
    }
    AnalysisSettings settings = AnalysisSettings.DEFAULT;
    PrintWriter out = spec.commandLine().getOut();
    float[] speech =
        AudioFiles.monoAt(AudioFiles.read(AudioFiles.bundledSample()), settings.sampleRateHz());
    VoiceModel model = modelOptions.open(settings, out);
    if (model == null) {
      throw new UserError(
          "bench streams runs a voice pack's model and this Bowtie bundles none; give one with"
              + " --model DIR");
    }
    try (model) {
      return bench(model, speech, out);
    }
  }

  private int bench(VoiceModel model, float[] speech, PrintWriter out) {
    List<VoiceTarget> voices = voices(model.pack().manifest());
    AnalysisSettings settings = model.pack().manifest().settings();
    double hopSeconds = (double) settings.hopSamples() / settings.sampleRateHz();
    int hops = Math.max(1, (int) Math.round(seconds / hopSeconds));
    List<String> names = new ArrayList<>();
    for (VoiceTarget v : voices) {
      names.add(v.name());
    }
    out.printf(
        Locale.ROOT,
        "bench streams: the bundled sentence, stream i starting i/N of the way in; voice%s %s;"
            + " %s synthesis; one thread; %.1f s of speech per stream through each engine after"
            + " a warm-up%n",
        voices.size() > 1 ? "s" : "",
        voices.size() > 1 ? String.join(", ", names) + " in turn" : names.get(0),
        synthesis.name().toLowerCase(Locale.ROOT),
        hops * hopSeconds);
    out.println(
        "streams  engine    hop p50 ms  hop p99 ms  RTF/stream  streams/core p50  streams/core"
            + " p99");
    out.flush();
    for (int n : streams) {
      List<VoiceTarget> targets = new ArrayList<>();
      for (int s = 0; s < n; s++) {
        targets.add(voices.get(s % voices.size()));
      }
      int warmUpHops = (int) Math.ceil(Math.max(1.0, WARM_UP_STREAM_SECONDS / n) / hopSeconds);
      StreamThroughput.Result result;
      try (BatchedStreamEngine batched = new BatchedStreamEngine(model, targets, synthesis);
          SeparateStreamEngine separate = new SeparateStreamEngine(model, targets, synthesis)) {
        result =
            StreamThroughput.measure(
                batched,
                separate,
                new SpeechStreams(speech, settings.hopSamples(), n),
                settings.sampleRateHz(),
                warmUpHops,
                hops,
                progress(n));
      }
      printRows(out, result);
    }
    out.println(
        "(batched runs the model once per hop for all streams, separate once per stream; both"
            + " do the same analysis and synthesis per stream)");
    out.flush();
    return 0;
  }

  private StreamThroughput.Progress progress(int n) {
    PrintWriter err = spec.commandLine().getErr();
    long start = System.nanoTime();
    long[] next = {start + PROGRESS_NANOS};
    return (done, total) -> {
      long now = System.nanoTime();
      if (now >= next[0] && done < total) {
        next[0] = now + PROGRESS_NANOS;
        err.printf(
            Locale.ROOT,
            "bench streams: %d streams: %d%% (%.0f s)%n",
            n,
            100L * done / total,
            (now - start) / 1e9);
        err.flush();
      }
    };
  }

  private static void printRows(PrintWriter out, StreamThroughput.Result r) {
    printRow(out, r, "separate", r.separate(), "");
    printRow(
        out,
        r,
        "batched",
        r.batched(),
        String.format(
            Locale.ROOT,
            "  (%.2fx separate's streams/core at p50, %.2fx at p99)",
            (double) r.separate().p50Nanos() / r.batched().p50Nanos(),
            (double) r.separate().p99Nanos() / r.batched().p99Nanos()));
    if (r.faults() > 0) {
      out.printf(
          Locale.ROOT,
          "         %d frames or hops were left dry (model NaN or failure): the times above"
              + " include dry frames%n",
          r.faults());
    }
    out.flush();
  }

  private static void printRow(
      PrintWriter out,
      StreamThroughput.Result r,
      String engine,
      StreamThroughput.HopTimes t,
      String note) {
    out.printf(
        Locale.ROOT,
        "%7d  %-8s  %10.3f  %10.3f  %10.4f  %16.1f  %16.1f%s%n",
        r.streams(),
        engine,
        t.p50Nanos() / 1e6,
        t.p99Nanos() / 1e6,
        r.realTimeFactorPerStream(t.p50Nanos()),
        r.streamsPerCore(t.p50Nanos()),
        r.streamsPerCore(t.p99Nanos()),
        note);
  }

  /** The voices --voice selects: one for every stream, or the pack's speakers in turn. */
  private List<VoiceTarget> voices(VoicePackManifest pack) {
    List<VoiceTarget> all = new ArrayList<>();
    if (voice == null) {
      for (Speaker s : pack.speakers()) {
        all.add(VoiceTarget.resolve(s.name(), pack));
      }
      return all;
    }
    if (!VoiceTarget.isBlend(voice) && pack.speaker(voice) == null) {
      List<String> names = new ArrayList<>();
      for (Speaker s : pack.speakers()) {
        names.add(s.name());
      }
      boolean builtIn = VoiceCatalog.builtIn(pack.settings().order()).names().contains(voice);
      throw new UserError(
          "--voice: "
              + (builtIn
                  ? "'" + voice + "' is a built-in DSP voice, which has no model to batch"
                  : "unknown voice '" + voice + "'")
              + "; choose a voice of the pack: "
              + String.join(", ", names));
    }
    try {
      all.add(VoiceTarget.resolve(voice, pack));
    } catch (IllegalArgumentException e) {
      throw new UserError("--voice: " + e.getMessage(), e);
    }
    return all;
  }
}
