package dev.bowtie.plugin.cli;

import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.model.InferenceDevice;
import dev.bowtie.realtime.model.InferenceDeviceException;
import dev.bowtie.realtime.model.ModelSelfTest;
import dev.bowtie.realtime.model.VoiceModel;
import dev.bowtie.realtime.model.VoicePack;
import dev.bowtie.realtime.model.VoicePackException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options that choose and place the voice model, shared by every command that opens one ({@code
 * voices}, and through {@link VoiceOptions} {@code convert} and {@code live}): {@code --model DIR}
 * and {@code --device cpu|cuda|auto}. Add it with {@code @Mixin ModelOptions}.
 *
 * <p>Used on the command's thread at start-up only.
 */
public final class ModelOptions {

  @Option(
      names = "--model",
      paramLabel = "DIR",
      description =
          "Voice pack folder (model.json, encoder.onnx, decoder.onnx). Default: the pack bundled"
              + " with Bowtie.")
  Path model;

  @Option(
      names = "--device",
      defaultValue = "cpu",
      paramLabel = "DEVICE",
      description =
          "Where the model runs: cpu, cuda or auto (cuda if it can run, else cpu). Default:"
              + " ${DEFAULT-VALUE}.")
  InferenceDevice device;

  /** True when the user named a pack with {@code --model}. */
  public boolean modelGiven() {
    return model != null;
  }

  /** The device of {@code --device}. */
  public InferenceDevice device() {
    return device;
  }

  /**
   * Reads and checks the pack of {@code --model}, or the bundled one, without opening its graphs.
   *
   * @param settings the engine's analysis settings, which the pack's must equal
   * @return the pack, or null when no {@code --model} is given and Bowtie bundles no pack
   * @throws UserError for a bad pack
   */
  public VoicePack read(AnalysisSettings settings) {
    try {
      return model != null ? VoicePack.fromDirectory(model, settings) : VoicePack.bundled(settings);
    } catch (VoicePackException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  /**
   * Opens the pack of {@code --model}, or the bundled one, on {@code --device}, runs the self-test
   * and prints one line saying which provider runs and how fast.
   *
   * @param settings the engine's analysis settings, which the pack's must equal
   * @param out where the start-up line goes
   * @return the model (the caller closes it), or null when no {@code --model} is given and Bowtie
   *     bundles no pack
   * @throws UserError for a bad pack or a device that cannot run
   */
  public VoiceModel open(AnalysisSettings settings, PrintWriter out) {
    VoicePack pack = read(settings);
    if (pack == null) {
      return null;
    }
    try {
      VoiceModel opened = VoiceModel.open(pack, device);
      try {
        ModelSelfTest.Report report = ModelSelfTest.run(opened);
        out.printf(
            "model: %s (%d voices); %s; %s%n",
            pack.location(), pack.speakers().size(), opened.deviceNote(), report.describe());
        return opened;
      } catch (RuntimeException e) {
        opened.close();
        throw e;
      }
    } catch (VoicePackException e) {
      throw new UserError(e.getMessage(), e);
    } catch (InferenceDeviceException e) {
      throw new UserError("--device cuda: " + e.getMessage(), e);
    }
  }
}
