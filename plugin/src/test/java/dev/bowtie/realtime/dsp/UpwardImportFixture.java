package dev.bowtie.realtime.dsp;

import dev.bowtie.realtime.pipeline.VoiceEngine;

/**
 * A DSP class that reaches up into the pipeline, as no class of the engine may: the fixture that
 * shows {@code LayerDependencyTest}'s rule fails on an upward import. Test code only.
 */
final class UpwardImportFixture {
  private UpwardImportFixture() {}

  static int hopOf(VoiceEngine engine) {
    return engine.hopSamples();
  }
}
