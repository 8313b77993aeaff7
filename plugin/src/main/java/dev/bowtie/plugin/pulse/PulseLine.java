package dev.bowtie.plugin.pulse;

import dev.bowtie.realtime.device.CaptureLine;
import dev.bowtie.realtime.device.PlaybackLine;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link PulseStream} as a live-loop line: a capture line for a capture stream, a playback line
 * for a playback stream. libpulse-simple must not free a stream while a read or write is inside it,
 * so {@link #close} from a control thread while the device thread is blocked only marks the line
 * closed, and the device thread frees the stream when its call returns (it then returns false). The
 * handshake is one compare-and-set per block: no lock, no allocation.
 *
 * <p>Thread rules: one device thread reads or writes; {@link #close} and {@link #drain} from a
 * control thread.
 */
final class PulseLine implements CaptureLine, PlaybackLine {
  private static final int IDLE = 0;
  private static final int BUSY = 1;
  private static final int CLOSE_WHEN_DONE = 2;
  private static final int CLOSED = 3;

  private final PulseStream stream;
  private final PulseStream.Direction direction;
  private final AtomicInteger state = new AtomicInteger(IDLE);

  /**
   * @param stream an open stream, handed over: the line closes it
   * @param direction the stream's direction
   */
  PulseLine(PulseStream stream, PulseStream.Direction direction) {
    this.stream = stream;
    this.direction = direction;
  }

  /** A capture stream drops what it buffered since it opened, so the loop starts live. */
  @Override
  public void start() {
    if (direction == PulseStream.Direction.CAPTURE && state.compareAndSet(IDLE, BUSY)) {
      stream.flush();
      release();
    }
  }

  @Override
  public boolean read(float[] block, int frames) {
    if (!state.compareAndSet(IDLE, BUSY)) {
      return false;
    }
    boolean ok = stream.read(block, frames);
    return release() && ok;
  }

  @Override
  public boolean write(float[] block, int frames) {
    if (!state.compareAndSet(IDLE, BUSY)) {
      return false;
    }
    boolean ok = stream.write(block, frames);
    return release() && ok;
  }

  @Override
  public void drain() {
    if (state.compareAndSet(IDLE, BUSY)) {
      stream.drain();
      release();
    }
  }

  /**
   * Ends a call into the stream; frees the stream if {@link #close} came meanwhile.
   *
   * @return false when the line was closed during the call
   */
  private boolean release() {
    if (state.compareAndSet(BUSY, IDLE)) {
      return true;
    }
    stream.close();
    state.set(CLOSED);
    return false;
  }

  @Override
  public void close() {
    while (true) {
      int now = state.get();
      if (now == CLOSED || now == CLOSE_WHEN_DONE) {
        return;
      }
      if (now == IDLE && state.compareAndSet(IDLE, CLOSED)) {
        stream.close();
        return;
      }
      if (now == BUSY && state.compareAndSet(BUSY, CLOSE_WHEN_DONE)) {
        return;
      }
    }
  }
}
