package dev.bowtie.plugin.cli;

import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.model.InferenceDeviceException;
import dev.bowtie.realtime.model.VoiceModel;
import dev.bowtie.realtime.model.VoicePack;
import dev.bowtie.realtime.model.VoicePackException;
import dev.bowtie.realtime.voice.VoiceCatalog;
import dev.bowtie.realtime.voice.VoicePackCheck;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bowtie voices}: lists the voices {@code --voice} accepts, or with {@code --check} says in
 * one line whether the engine accepts the pack (exit 0) or why not (exit 1).
 */
@Command(
    name = "voices",
    mixinStandardHelpOptions = true,
    description = {
      "List the voices: the voice pack's speakers (bundled, or --model DIR) and the built-in DSP"
          + " voices, which need no model.",
      "Pack voices can be blended: --voice slt:0.6,rms:0.4."
    })
final class VoicesCommand implements Callable<Integer> {

  @Mixin ModelOptions options;

  @Option(
      names = "--check",
      description =
          "Only check the pack as live and convert open it (model.json, checksums, ONNX graphs,"
              + " parity self-test, voice names): print one line and exit 0 if the engine accepts"
              + " it, else the reason and exit 1.")
  boolean check;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    AnalysisSettings settings = AnalysisSettings.DEFAULT;
    if (check) {
      return check(settings, out);
    }
    VoiceModel model = options.open(settings, out);
    try {
      VoiceCatalog catalog =
          model != null ? VoiceCatalog.withModel(model) : VoiceCatalog.builtIn(settings.order());
      if (model == null) {
        out.println("model: none bundled and no --model given; built-in voices only");
      }
      int width = 0;
      for (VoiceCatalog.Entry e : catalog.entries()) {
        width = Math.max(width, e.name().length());
      }
      for (VoiceCatalog.Entry e : catalog.entries()) {
        out.printf("  %-" + width + "s  %-8s  %s%n", e.name(), e.kind(), e.description());
      }
      return 0;
    } catch (VoicePackException e) {
      throw new UserError(e.getMessage(), e);
    } finally {
      if (model != null) {
        model.close();
      }
    }
  }

  private int check(AnalysisSettings settings, PrintWriter out) {
    VoicePack pack = options.read(settings);
    if (pack == null) {
      throw new UserError("--check: this Bowtie bundles no voice pack; give one with --model DIR");
    }
    try {
      out.println(VoicePackCheck.run(pack, options.device()).describe());
      return 0;
    } catch (VoicePackException e) {
      throw new UserError(e.getMessage(), e);
    } catch (InferenceDeviceException e) {
      throw new UserError("--device cuda: " + e.getMessage(), e);
    }
  }
}
