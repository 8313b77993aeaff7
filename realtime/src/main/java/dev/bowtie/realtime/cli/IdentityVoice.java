package dev.bowtie.realtime.cli;

import dev.bowtie.realtime.pipeline.HopProcessor;

/**
 * The {@code identity} voice while the DSP engine is not yet wired into {@code bowtie live}: copies
 * each hop unchanged with no added latency. Thread rules as {@link HopProcessor}.
 */
final class IdentityVoice implements HopProcessor {
  private final int hop;

  IdentityVoice(int hopSamples) {
    this.hop = hopSamples;
  }

  @Override
  public int hopSamples() {
    return hop;
  }

  @Override
  public int latencySamples() {
    return 0;
  }

  @Override
  public void processHop(float[] input, float[] output) {
    System.arraycopy(input, 0, output, 0, hop);
  }

  @Override
  public void reset() {}
}
