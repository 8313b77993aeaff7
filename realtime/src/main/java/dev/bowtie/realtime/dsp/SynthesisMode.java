package dev.bowtie.realtime.dsp;

/** How the engine makes the sound that the MLSA filter shapes. */
public enum SynthesisMode {
  /** A pulse train at the converted F0, noise where unvoiced: any pitch, a buzzier sound. */
  VOCODER,
  /**
   * The input's own residual (the input through the inverse filter): keeps the speaker's natural
   * source, and rebuilds the input almost exactly when nothing is changed.
   */
  RESIDUAL
}
