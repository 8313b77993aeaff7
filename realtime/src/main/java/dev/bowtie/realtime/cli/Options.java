package dev.bowtie.realtime.cli;

import dev.bowtie.realtime.dsp.SynthesisMode;
import dev.bowtie.realtime.voice.Voice;
import dev.bowtie.realtime.voice.VoiceCatalog;
import java.util.Locale;

/** Turns option values shared by several commands into engine objects, or a {@link UserError}. */
final class Options {
  private Options() {}

  /** {@code --synthesis vocoder|residual}. */
  static SynthesisMode synthesisMode(String value) {
    try {
      return SynthesisMode.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UserError(
          "--synthesis '" + value + "' is not a synthesis mode; use vocoder or residual", e);
    }
  }

  /** {@code --voice NAME}. */
  static Voice voice(VoiceCatalog catalog, String name) {
    try {
      return catalog.create(name);
    } catch (IllegalArgumentException e) {
      throw new UserError("--voice: " + e.getMessage(), e);
    }
  }
}
