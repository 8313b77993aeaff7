package dev.bowtie.plugin.latency;

import java.util.Arrays;

/**
 * The capture side of a latency run: it replaces every block the capture device delivered with the
 * probe schedule (silence, and a {@link ProbeTrain} from the first block after each {@link #arm}),
 * and keeps what the device really captured, the audio that came back through the user's loop, in a
 * ring with its frame index. Injection and capture share one frame count, so an arrival frame minus
 * an injection frame is a round trip on the capture device's clock; and the returned audio never
 * reaches the voice, so there is no feedback.
 *
 * <p>Thread rules: {@link #onBlock} on the capture thread only (allocation-free, lock-free); every
 * other method on one control thread. The frame count is published with a volatile write after the
 * samples, so the control thread reads only frames the capture thread has finished.
 */
public final class ProbeInjector {
  private final float[] train;
  private final float[] raw;
  private final int mask;
  private volatile long captured;
  private volatile int armed;
  private volatile int started;
  private volatile long injectedAt;
  private int playing = -1;

  /**
   * @param train the probe to inject at each {@link #arm}
   * @param historyFrames how much raw capture to keep at least
   */
  public ProbeInjector(ProbeTrain train, int historyFrames) {
    this.train = train.samples();
    this.raw = new float[Integer.highestOneBit(Math.max(2, historyFrames - 1)) << 1];
    this.mask = raw.length - 1;
  }

  /**
   * Keeps a block the device captured and replaces it with the probe schedule. Capture thread.
   *
   * @param block the device's samples, replaced in place
   * @param frames how many
   */
  void onBlock(float[] block, int frames) {
    long first = captured;
    int at = (int) (first & mask);
    int head = Math.min(frames, raw.length - at);
    System.arraycopy(block, 0, raw, at, head);
    System.arraycopy(block, head, raw, 0, frames - head);
    if (armed != started) {
      injectedAt = first;
      started = armed;
      playing = 0;
    }
    int n = 0;
    if (playing >= 0) {
      n = Math.min(frames, train.length - playing);
      System.arraycopy(train, playing, block, 0, n);
      playing = playing + n == train.length ? -1 : playing + n;
    }
    Arrays.fill(block, n, frames, 0f);
    captured = first + frames;
  }

  /**
   * Starts the probe train at the next captured block and waits for it to start.
   *
   * @param timeoutMillis how long the capture device may take to deliver that block
   * @return the frame at which the train starts, or -1 when no block came in time
   */
  long arm(long timeoutMillis) throws InterruptedException {
    int ticket = armed + 1;
    armed = ticket;
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (started != ticket) {
      if (System.nanoTime() - deadline > 0) {
        return -1;
      }
      Thread.sleep(2);
    }
    return injectedAt;
  }

  /** Frames captured so far. */
  long capturedFrames() {
    return captured;
  }

  /**
   * Waits until the device has captured up to {@code frame}.
   *
   * @return false when it did not within the timeout
   */
  boolean awaitCaptured(long frame, long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (captured < frame) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  /**
   * Copies raw capture out of the ring.
   *
   * @param from first frame; must be captured and still in the ring
   * @param length frames
   * @return a new array
   * @throws IllegalStateException when the range is not (or no longer) in the ring
   */
  float[] raw(long from, int length) {
    long end = from + length;
    if (end > captured || from < captured - raw.length + 1) {
      throw new IllegalStateException("frames " + from + ".." + end + " are not in the ring");
    }
    float[] out = new float[length];
    int at = (int) (from & mask);
    int head = Math.min(length, raw.length - at);
    System.arraycopy(raw, at, out, 0, head);
    System.arraycopy(raw, 0, out, head, length - head);
    return out;
  }
}
