package dev.bowtie.realtime.device;

/**
 * A blocking capture line on one device, read by one device thread. {@link #read} blocks until a
 * block has arrived, allocates nothing and takes no lock of Bowtie's, so the device's clock paces
 * the thread.
 */
public interface CaptureLine extends AutoCloseable {
  /** Starts capturing. */
  void start();

  /**
   * Reads one block.
   *
   * @param block receives the samples, in [-1, 1]
   * @param frames how many
   * @return false when the device stopped delivering (gone, server down, closed)
   */
  boolean read(float[] block, int frames);

  /** Stops and releases the device; a blocked {@link #read} returns false. Idempotent. */
  @Override
  void close();
}
