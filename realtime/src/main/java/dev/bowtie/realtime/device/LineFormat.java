package dev.bowtie.realtime.device;

/**
 * How a line is opened: mono samples at {@code rateHz}, moved {@code blockFrames} at a time, with a
 * device buffer of about {@code bufferMillis}.
 *
 * @param rateHz sample rate
 * @param blockFrames frames per read or write
 * @param bufferMillis the device buffer the line asks for
 */
public record LineFormat(int rateHz, int blockFrames, int bufferMillis) {
  /**
   * @return the buffer in frames, at least one block
   */
  public int bufferFrames() {
    return Math.max(blockFrames, rateHz * bufferMillis / 1000);
  }
}
