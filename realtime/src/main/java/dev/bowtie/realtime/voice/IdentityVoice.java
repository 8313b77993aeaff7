package dev.bowtie.realtime.voice;

/**
 * The speaker's own voice, unchanged: analysis and resynthesis only. Useful to hear what the
 * vocoder alone does, and as the reference in tests and benchmarks.
 */
public final class IdentityVoice implements Voice {
  /** The name of this voice on the command line. */
  public static final String NAME = "identity";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double convert(double[] melCepstrum, double f0Hz) {
    return f0Hz;
  }
}
