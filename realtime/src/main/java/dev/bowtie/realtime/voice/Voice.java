package dev.bowtie.realtime.voice;

/**
 * A target voice: turns one analysed frame of the speaker (mel-cepstrum and F0) into the frame the
 * listener should hear. Built-in DSP voices and neural voice packs both implement it.
 *
 * <p>Called on the audio thread once per hop: no allocation, no locks, no logging, no I/O.
 */
public interface Voice {

  /** The name users select this voice by. */
  String name();

  /**
   * Converts one frame.
   *
   * @param melCepstrum c0..cM of the speaker's frame; replaced in place by the target's
   * @param f0Hz the speaker's F0, 0 when unvoiced
   * @return the target F0 in Hz, 0 when unvoiced
   */
  double convert(double[] melCepstrum, double f0Hz);
}
