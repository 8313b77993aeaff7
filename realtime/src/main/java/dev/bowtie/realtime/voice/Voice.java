package dev.bowtie.realtime.voice;

/**
 * A target voice: turns one analysed frame of the speaker (mel-cepstrum and F0) into the frame the
 * listener should hear. Built-in DSP voices and neural voice packs both implement it.
 *
 * <p>{@link #convert} is called on the audio thread once per hop: no allocation, no locks, no
 * logging, no I/O. A voice that holds native resources (a neural voice's tensors) releases them in
 * {@link #close()}, which is idempotent; the others need no closing.
 */
public interface Voice extends AutoCloseable {

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

  /**
   * Frames this voice left as the speaker's own because its conversion failed (a model that gave
   * NaN, say), since construction; 0 for voices that cannot fail. Any thread may read it.
   */
  default long faults() {
    return 0;
  }

  /** Releases native resources; nothing for voices without any. Idempotent. */
  @Override
  default void close() {}
}
