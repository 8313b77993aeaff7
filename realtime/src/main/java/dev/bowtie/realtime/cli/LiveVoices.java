package dev.bowtie.realtime.cli;

import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.pipeline.HopProcessor;
import java.util.List;
import java.util.function.Function;

/**
 * The voices {@code bowtie live} can play, by name: each is a factory from the analysis settings to
 * a prepared {@link HopProcessor}, so the loop never needs to know how a voice is built.
 */
final class LiveVoices {
  /** Names accepted by {@code --voice}. */
  static final List<String> NAMES = List.of("identity");

  private LiveVoices() {}

  /**
   * @param name the user's {@code --voice}
   * @param synthesis the user's {@code --synthesis}
   * @return the factory for that voice
   * @throws UserError when no voice has that name
   */
  static Function<AnalysisSettings, HopProcessor> factory(String name, Synthesis synthesis) {
    if (name.equals("identity")) {
      return settings -> new IdentityVoice(settings.hopSamples());
    }
    throw new UserError("no voice named '" + name + "'; voices: " + String.join(", ", NAMES));
  }

  /** How a converted voice is synthesised: pulse/noise excitation or the speaker's own residual. */
  enum Synthesis {
    vocoder,
    residual
  }
}
