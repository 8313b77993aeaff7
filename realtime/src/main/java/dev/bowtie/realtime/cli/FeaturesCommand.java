package dev.bowtie.realtime.cli;

import dev.bowtie.realtime.audio.AtomicFileWriter;
import dev.bowtie.realtime.audio.AudioFileException;
import dev.bowtie.realtime.audio.DecodedAudio;
import dev.bowtie.realtime.audio.NpyWriter;
import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.dsp.FeatureExtractor;
import dev.bowtie.realtime.dsp.FeatureExtractor.Features;
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

  @Parameters(index = "0", paramLabel = "IN.wav", description = "Input wav.")
  Path input;

  @Parameters(index = "1", paramLabel = "OUT_DIR", description = "Folder for the features.")
  Path outDir;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    DecodedAudio audio = AudioFiles.read(input);
    AnalysisSettings s = AnalysisSettings.DEFAULT;
    Features f = FeatureExtractor.extract(s, AudioFiles.monoAt(audio, s.sampleRateHz()));
    try {
      Files.createDirectories(outDir);
    } catch (IOException e) {
      throw new UserError(
          outDir + ": cannot create the output folder (" + e.getMessage() + "); choose another", e);
    }
    try {
      Files.deleteIfExists(outDir.resolve("features.json"));
      NpyWriter.write(outDir.resolve("mcep.npy"), f.melCepstra(), f.frames(), s.coefficients());
      NpyWriter.write(outDir.resolve("f0.npy"), f.f0Hz());
      byte[] json = settingsJson(s, f.frames()).getBytes(StandardCharsets.UTF_8);
      AtomicFileWriter.write(outDir.resolve("features.json"), out -> out.write(json));
    } catch (AudioFileException e) {
      throw new UserError(e.getMessage(), e);
    } catch (IOException e) {
      throw new UserError(outDir + ": cannot write features (" + e.getMessage() + ")", e);
    }
    spec.commandLine()
        .getOut()
        .printf(Locale.ROOT, "%s: %d frames -> %s%n", input, f.frames(), outDir);
    return 0;
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
