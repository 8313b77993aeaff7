package dev.bowtie.realtime.cli;

import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.model.VoiceModel;
import dev.bowtie.realtime.voice.VoiceCatalog;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bowtie voices}: lists the voices {@code --voice} accepts. */
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

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    AnalysisSettings settings = AnalysisSettings.DEFAULT;
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
    } finally {
      if (model != null) {
        model.close();
      }
    }
  }
}
