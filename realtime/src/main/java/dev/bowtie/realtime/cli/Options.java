package dev.bowtie.realtime.cli;

import dev.bowtie.realtime.voice.Voice;
import dev.bowtie.realtime.voice.VoiceCatalog;

/** Turns option values shared by several commands into engine objects, or a {@link UserError}. */
final class Options {
  private Options() {}

  /** {@code --voice NAME}. */
  static Voice voice(VoiceCatalog catalog, String name) {
    try {
      return catalog.create(name);
    } catch (IllegalArgumentException e) {
      throw new UserError("--voice: " + e.getMessage(), e);
    }
  }
}
