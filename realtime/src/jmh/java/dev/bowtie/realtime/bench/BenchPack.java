package dev.bowtie.realtime.bench;

import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.model.InferenceDevice;
import dev.bowtie.realtime.model.VoiceModel;
import dev.bowtie.realtime.model.VoicePack;
import dev.bowtie.realtime.testing.TestPacks;
import java.nio.file.Path;

/**
 * The voice pack the neural benchmarks run: {@code -Dbowtie.model=DIR} if given (pass it with
 * {@code -jvmArgs}), else the pack bundled in the models jar, else the engine tests' pack (made by
 * the training tool on first use). Opened on the CPU provider.
 */
final class BenchPack {
  private BenchPack() {}

  /** Opens the pack; the caller closes the model. */
  static VoiceModel open(AnalysisSettings settings) throws Exception {
    String dir = System.getProperty("bowtie.model");
    VoicePack pack =
        dir != null ? VoicePack.fromDirectory(Path.of(dir), settings) : VoicePack.bundled(settings);
    if (pack == null) {
      pack = VoicePack.fromDirectory(TestPacks.pack(), settings);
    }
    return VoiceModel.open(pack, InferenceDevice.CPU);
  }
}
