package dev.bowtie.realtime.cli;

import dev.bowtie.realtime.audio.DecodedAudio;
import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.dsp.VoiceEngine;
import dev.bowtie.realtime.pipeline.LiveSettings;
import dev.bowtie.realtime.pipeline.OfflinePipeline;
import dev.bowtie.realtime.voice.Voice;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bowtie convert}: changes the voice in a wav file through the live loop's own chain ({@link
 * OfflinePipeline}), so the file sounds exactly as {@code bowtie live} would play it.
 */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description = {
      "Change the voice in a wav file.",
      "Reads PCM wav (8 to 48 kHz, mono or stereo, 16/24/32-bit integer or 32/64-bit float) and"
          + " writes a wav of the same rate, length, channels and encoding."
    })
final class ConvertCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "IN.wav",
      description = "Input wav. Default: a sentence bundled with Bowtie.")
  Path input;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "OUT.wav",
      description = "Output wav. Default: <input name>-<voice>.wav in the current folder.")
  Path output;

  @Mixin VoiceOptions voiceOptions;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    AnalysisSettings settings = AnalysisSettings.DEFAULT;
    Path in = input != null ? input : AudioFiles.bundledSample();
    DecodedAudio audio = AudioFiles.read(in);
    try (VoiceOptions.Selection selection =
        voiceOptions.open(settings, spec.commandLine().getOut())) {
      return convert(audio, selection, settings);
    }
  }

  private int convert(
      DecodedAudio audio, VoiceOptions.Selection selection, AnalysisSettings settings) {
    Voice voice = selection.voice();
    String stem = input != null ? stem(input) : "sample";
    Path out = output != null ? output : Path.of(stem + "-" + fileSafe(voice.name()) + ".wav");
    long start = System.nanoTime();
    VoiceEngine engine = new VoiceEngine(settings, voice, voiceOptions.synthesis);
    OfflinePipeline chain =
        new OfflinePipeline(
            audio.sampleRateHz(),
            settings.sampleRateHz(),
            new LiveSettings(voice.name(), engine, false, 1f));
    float[] deviceRate = chain.convert(audio.downmixToMono());
    long faults = engine.faults();
    float[][] channels = new float[audio.channelCount()][];
    for (int c = 0; c < channels.length; c++) {
      channels[c] = deviceRate;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    AudioFiles.write(out, new DecodedAudio(channels, audio.sampleRateHz(), audio.encoding()));
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "%s -> %s: voice %s, %s synthesis, %.2f s of audio in %.2f s (%.3f x real time)%s%n",
            input != null ? input : "bundled sample",
            out,
            voice.name(),
            voiceOptions.synthesis.name().toLowerCase(Locale.ROOT),
            audio.durationSeconds(),
            seconds,
            seconds / audio.durationSeconds(),
            faults == 0 ? "" : ", " + faults + " hops left dry (the conversion gave NaN)");
    return 0;
  }

  /** A blend such as slt:0.6,rms:0.4 becomes slt0.6-rms0.4 in a file name. */
  private static String fileSafe(String name) {
    return name.replace(":", "").replace(",", "-");
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
