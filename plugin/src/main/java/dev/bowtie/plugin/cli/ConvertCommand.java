package dev.bowtie.plugin.cli;

import dev.bowtie.realtime.audio.AudioFileException;
import dev.bowtie.realtime.audio.DecodedAudio;
import dev.bowtie.realtime.audio.OutputFile;
import dev.bowtie.realtime.audio.WavInput;
import dev.bowtie.realtime.audio.WavWriter;
import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.dsp.SynthesisMode;
import dev.bowtie.realtime.pipeline.LiveSettings;
import dev.bowtie.realtime.pipeline.OfflinePipeline;
import dev.bowtie.realtime.pipeline.VoiceEngine;
import dev.bowtie.realtime.voice.Voice;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
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
      description = "Input wav, or /dev/stdin. Default: a sentence bundled with Bowtie.")
  Path input;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "OUT.wav",
      description =
          "Output wav, or a device or pipe such as /dev/null. Default:"
              + " <input name>-<voice>[-pitch+N][-residual].wav in the current folder, never"
              + " replacing an existing file.")
  Path output;

  @Mixin VoiceOptions voiceOptions;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    AnalysisSettings settings = AnalysisSettings.DEFAULT;
    Path in = input != null ? input : AudioFiles.bundledSample();
    try (WavInput audio = AudioFiles.open(in)) {
      Path out = output != null ? output : defaultOutput();
      OutputFile.Existing existing =
          output != null ? OutputFile.Existing.REPLACE : OutputFile.Existing.KEEP;
      try (OutputFile file = AudioFiles.create(out, existing, in);
          VoiceOptions.Selection selection =
              voiceOptions.open(settings, spec.commandLine().getOut())) {
        return convert(audio, file, out, selection, settings);
      }
    }
  }

  private int convert(
      WavInput audio,
      OutputFile file,
      Path out,
      VoiceOptions.Selection selection,
      AnalysisSettings settings) {
    Voice voice = selection.voice();
    long start = System.nanoTime();
    VoiceEngine engine = new VoiceEngine(settings, voice, voiceOptions.synthesis);
    OfflinePipeline chain =
        new OfflinePipeline(
            audio.sampleRateHz(),
            settings.sampleRateHz(),
            new LiveSettings(voice.name(), engine, false, 1f));
    float[][] read = new float[audio.channelCount()][OfflinePipeline.BLOCK_FRAMES];
    float[] mono = new float[OfflinePipeline.BLOCK_FRAMES];
    float[] converted = new float[chain.maxOutputFrames()];
    float[][] written = new float[audio.channelCount()][];
    Arrays.fill(written, converted);
    long frames = 0;
    try (WavWriter writer =
        WavWriter.open(
            file, audio.channelCount(), audio.sampleRateHz(), audio.encoding(), audio.frames())) {
      for (int n; (n = audio.read(read, 0, OfflinePipeline.BLOCK_FRAMES)) > 0; frames += n) {
        DecodedAudio.downmix(read, 0, n, mono);
        writer.write(written, 0, chain.convert(mono, 0, n, converted));
      }
      for (int n; (n = chain.drain(converted)) > 0; ) {
        writer.write(written, 0, n);
      }
      writer.finish();
    } catch (AudioFileException e) {
      throw new UserError(e.getMessage(), e);
    }
    long faults = engine.faults();
    double seconds = (System.nanoTime() - start) / 1e9;
    double duration = frames / (double) audio.sampleRateHz();
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "%s -> %s: voice %s, %s synthesis, %.2f s of audio in %.2f s (%.3f x real time)%s%n",
            input != null ? input : "bundled sample",
            out,
            voice.name(),
            voiceOptions.synthesis.name().toLowerCase(Locale.ROOT),
            duration,
            seconds,
            seconds / duration,
            faults == 0 ? "" : ", " + faults + " hops left dry (the conversion gave NaN)");
    return 0;
  }

  /**
   * {@code <input name>-<voice>[-pitch+N][-residual].wav} in the current folder: every setting that
   * changes the sound is in the name, so two different conversions never share a default name.
   */
  private Path defaultOutput() {
    String stem = input != null ? stem(input) : "sample";
    StringBuilder name = new StringBuilder(stem).append('-').append(fileSafe(voiceOptions.voice));
    if (voiceOptions.pitchSemitones != 0) {
      String pitch =
          BigDecimal.valueOf(voiceOptions.pitchSemitones).stripTrailingZeros().toPlainString();
      name.append("-pitch").append(voiceOptions.pitchSemitones > 0 ? "+" : "").append(pitch);
    }
    if (voiceOptions.synthesis != SynthesisMode.VOCODER) {
      name.append('-').append(voiceOptions.synthesis.name().toLowerCase(Locale.ROOT));
    }
    return Path.of(name.append(".wav").toString());
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
