package dev.bowtie.realtime.voice;

import dev.bowtie.realtime.model.InferenceDevice;
import dev.bowtie.realtime.model.ModelSelfTest;
import dev.bowtie.realtime.model.VoiceModel;
import dev.bowtie.realtime.model.VoicePack;

/**
 * Whether the engine accepts a voice pack: everything {@code live} and {@code convert} do before
 * audio flows, and nothing else. The pack's graphs are opened on the requested provider, the parity
 * self-test runs, and the voice catalogue is built (so a speaker named like a built-in voice is
 * refused). Manifest, checksums and settings are checked earlier, when the {@link VoicePack} is
 * read.
 *
 * <p>Stateless; runs on the caller's thread and closes what it opens.
 */
public final class VoicePackCheck {
  private VoicePackCheck() {}

  /**
   * A pack the engine accepts.
   *
   * @param location where the pack came from, without a trailing separator
   * @param voices the pack's speakers
   * @param selfTest what the parity self-test measured
   */
  public record Result(String location, int voices, ModelSelfTest.Report selfTest) {
    /** One line: {@code DIR: consistent: N voices; provider cpu, parity max error ...}. */
    public String describe() {
      return location + ": consistent: " + voices + " voices; " + selfTest.describe();
    }
  }

  /**
   * Opens {@code pack} on {@code device} as the commands that play voices do, then closes it.
   *
   * @throws dev.bowtie.realtime.model.VoicePackException naming the file and the first problem
   * @throws dev.bowtie.realtime.model.InferenceDeviceException when {@code device} cannot run
   */
  public static Result run(VoicePack pack, InferenceDevice device) {
    try (VoiceModel model = VoiceModel.open(pack, device)) {
      ModelSelfTest.Report report = ModelSelfTest.run(model);
      VoiceCatalog.withModel(model);
      String location = pack.location();
      if (location.endsWith("/")) {
        location = location.substring(0, location.length() - 1);
      }
      return new Result(location, pack.speakers().size(), report);
    }
  }
}
