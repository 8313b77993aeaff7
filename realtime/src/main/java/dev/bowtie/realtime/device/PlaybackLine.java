package dev.bowtie.realtime.device;

/**
 * A blocking playback line on one device, written by one device thread. {@link #write} blocks while
 * the device buffer is full, allocates nothing and takes no lock of Bowtie's, so the device's clock
 * paces the thread.
 */
public interface PlaybackLine extends AutoCloseable {
  /** Starts playing. */
  void start();

  /**
   * Writes one block.
   *
   * @param block the samples, in [-1, 1]
   * @param frames how many
   * @return false when the device stopped taking audio (gone, server down, closed)
   */
  boolean write(float[] block, int frames);

  /** Plays out what the device still holds; returns at once on a failed line. */
  void drain();

  /** Stops and releases the device. Idempotent. */
  @Override
  void close();
}
