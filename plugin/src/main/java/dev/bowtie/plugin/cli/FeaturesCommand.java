package dev.bowtie.plugin.cli;

import dev.bowtie.realtime.audio.AudioFileException;
import dev.bowtie.realtime.audio.DecodedAudio;
import dev.bowtie.realtime.audio.NpyWriter;
import dev.bowtie.realtime.audio.OutputFile;
import dev.bowtie.realtime.audio.OutputFolder;
import dev.bowtie.realtime.audio.WavInput;
import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.dsp.FeatureExtractor;
import dev.bowtie.realtime.dsp.RecordingFeatures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bowtie features}: the training tools' only feature extractor, so that models train on
 * exactly the numbers the live engine computes.
 */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    description = {
      "Write the mel-cepstra and F0 of a wav, as the engine analyses it, for training.",
      "OUT_DIR receives mcep.npy (float32, frames x (order+1): c0..cM), f0.npy (float32,"
          + " frames; Hz, 0 = unvoiced) and features.json (the analysis settings), written last"
          + " so that its presence means the other two are complete."
    })
final class FeaturesCommand implements Callable<Integer> {
  /** Frames read from the input at a time. */
  private static final int BLOCK_FRAMES = 8192;

  @Parameters(index = "0", paramLabel = "IN.wav", description = "Input wav.")
  Path input;

  @Parameters(index = "1", paramLabel = "OUT_DIR", description = "Folder for the features.")
  Path outDir;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    AnalysisSettings s = AnalysisSettings.DEFAULT;
    long frames;
    try (WavInput audio = AudioFiles.open(input)) {
      if (audio.frames() < 0) {
        throw new UserError(
            input
                + ": its header does not say how long it is (a stream); save it to a file first,"
                + " e.g. with: sox IN OUT.wav");
      }
      RecordingFeatures features = new RecordingFeatures(s, audio.sampleRateHz(), audio.frames());
      frames = features.frames();
      try (OutputFolder folder = OutputFolder.create(outDir)) {
        write(audio, features, folder, s);
        folder.keep();
      }
    } catch (AudioFileException e) {
      throw new UserError(e.getMessage(), e);
    }
    spec.commandLine().getOut().printf(Locale.ROOT, "%s: %d frames -> %s%n", input, frames, outDir);
    return 0;
  }

  /**
   * Streams the frames into mcep.npy and f0.npy, then writes features.json last. A failure in a
   * folder this run created removes what the run wrote, so the folder goes too.
   */
  private void write(
      WavInput audio, RecordingFeatures features, OutputFolder folder, AnalysisSettings s)
      throws AudioFileException {
    Path mcepFile = outDir.resolve("mcep.npy");
    Path f0File = outDir.resolve("f0.npy");
    Path json = outDir.resolve("features.json");
    boolean done = false;
    try {
      deleteStale(json);
      try (NpyWriter mcep =
              NpyWriter.open(
                  OutputFile.open(mcepFile, OutputFile.Existing.REPLACE, input),
                  features.frames(),
                  s.coefficients());
          NpyWriter f0 =
              NpyWriter.open(
                  OutputFile.open(f0File, OutputFile.Existing.REPLACE, input), features.frames())) {
        float[] f0Value = new float[1];
        FeatureExtractor.FrameSink<AudioFileException> sink =
            (mc, hz) -> {
              mcep.write(mc, 0, mc.length);
              f0Value[0] = hz;
              f0.write(f0Value, 0, 1);
            };
        float[][] block = new float[audio.channelCount()][BLOCK_FRAMES];
        float[] mono = new float[BLOCK_FRAMES];
        for (int n; (n = audio.read(block, 0, BLOCK_FRAMES)) > 0; ) {
          DecodedAudio.downmix(block, 0, n, mono);
          features.push(mono, 0, n, sink);
        }
        features.finish(sink);
        mcep.finish();
        f0.finish();
      }
      byte[] text = settingsJson(s, (int) features.frames()).getBytes(StandardCharsets.UTF_8);
      OutputFile.write(json, out -> out.write(text));
      done = true;
    } finally {
      if (!done && folder.isNew()) {
        deleteStale(mcepFile);
        deleteStale(f0File);
      }
    }
  }

  /** Removes an output of an earlier or failed run. */
  private static void deleteStale(Path file) throws AudioFileException {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new AudioFileException(
          file, "cannot be removed (" + AudioFileException.reason(e) + ")", e);
    }
  }

  static String settingsJson(AnalysisSettings s, int frames) {
    return String.format(
        Locale.ROOT,
        "{\n  \"sampleRateHz\": %d,\n  \"hopSamples\": %d,\n  \"windowSamples\": %d,\n"
            + "  \"fftSize\": %d,\n  \"order\": %d,\n  \"alpha\": %s,\n  \"f0MinHz\": %s,\n"
            + "  \"f0MaxHz\": %s,\n  \"frames\": %d,\n  \"window\": \"blackman, power-normalised\","
            + "\n  \"frameAlignment\": \"frame k is the window ending with hop k\"\n}\n",
        s.sampleRateHz(),
        s.hopSamples(),
        s.windowSamples(),
        s.fftSize(),
        s.order(),
        s.alpha(),
        s.f0MinHz(),
        s.f0MaxHz(),
        frames);
  }
}
