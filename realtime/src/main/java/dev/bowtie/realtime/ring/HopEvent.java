package dev.bowtie.realtime.ring;

import com.lmax.disruptor.EventFactory;
import com.lmax.disruptor.EventTranslatorOneArg;

/**
 * One hop of audio at the model rate, living in a Disruptor ring slot. Slots are made once when the
 * ring is built and reused for the life of the loop, so moving audio between threads never
 * allocates.
 *
 * <p>Thread rules: a slot is written only by the thread that claimed its sequence and read only by
 * the consumer that the ring's sequence barrier let through; the Disruptor's publication gives the
 * happens-before between them.
 */
public final class HopEvent {
  /** The hop's samples; length is the hop size the ring was built with. */
  public final float[] samples;

  /** {@link System#nanoTime()} when the hop's last sample was captured; carried for latency. */
  public long captureNanos;

  /** Copies a caller's hop into a claimed slot; a static, stateless translator, so no capture. */
  public static final EventTranslatorOneArg<HopEvent, HopEvent> COPY =
      (event, sequence, source) -> event.copyFrom(source);

  /**
   * @param hopSamples samples per hop
   */
  public HopEvent(int hopSamples) {
    this.samples = new float[hopSamples];
  }

  /**
   * @param hopSamples samples per hop
   * @return a factory making empty hops of that size, for {@code RingBuffer.create*}
   */
  public static EventFactory<HopEvent> factory(int hopSamples) {
    return () -> new HopEvent(hopSamples);
  }

  /**
   * Copies samples and capture time from another hop of the same size.
   *
   * @param source the hop to copy
   */
  public void copyFrom(HopEvent source) {
    System.arraycopy(source.samples, 0, samples, 0, samples.length);
    captureNanos = source.captureNanos;
  }
}
