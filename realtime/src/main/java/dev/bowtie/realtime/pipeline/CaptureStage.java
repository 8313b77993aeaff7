package dev.bowtie.realtime.pipeline;

import com.lmax.disruptor.RingBuffer;
import dev.bowtie.realtime.dsp.PolyphaseResampler;
import dev.bowtie.realtime.ring.HopEvent;

/**
 * The capture thread's work: takes device-rate blocks as the device delivers them, resamples them
 * to the model rate, cuts them into hops and publishes each hop into the input ring with {@code
 * tryPublishEvent}. A full ring means the voice thread is behind: the hop is dropped and counted as
 * an overrun; capture never waits.
 *
 * <p>Thread rules: the capture thread only; {@link #onDeviceBlock} allocates nothing.
 */
public final class CaptureStage {
  private final RingBuffer<HopEvent> input;
  private final PolyphaseResampler toModelRate;
  private final LiveCounters counters;
  private final float[] modelRate;
  private final HopEvent hop;
  private int filled;

  /**
   * @param input the ring the voice thread consumes
   * @param toModelRate resampler from the device rate to the model rate
   * @param counters where published hops and overruns are counted
   * @param hopSamples samples per hop at the model rate
   * @param maxBlockFrames the largest block {@link #onDeviceBlock} will be given
   */
  public CaptureStage(
      RingBuffer<HopEvent> input,
      PolyphaseResampler toModelRate,
      LiveCounters counters,
      int hopSamples,
      int maxBlockFrames) {
    this.input = input;
    this.toModelRate = toModelRate;
    this.counters = counters;
    this.modelRate = new float[toModelRate.maxOutput(maxBlockFrames)];
    this.hop = new HopEvent(hopSamples);
  }

  /**
   * Takes one block from the device.
   *
   * @param block device-rate mono samples in [-1, 1]
   * @param frames how many samples of {@code block} are valid
   * @param captureNanos {@link System#nanoTime()} when the block was read
   */
  public void onDeviceBlock(float[] block, int frames, long captureNanos) {
    counters.raiseInputPeak(LiveCounters.peakOf(block, frames));
    counters.capturedFrames.lazySet(counters.capturedFrames.get() + frames);
    int n = toModelRate.process(block, 0, frames, modelRate, 0);
    float[] dest = hop.samples;
    for (int i = 0; i < n; i++) {
      dest[filled++] = modelRate[i];
      if (filled == dest.length) {
        filled = 0;
        hop.captureNanos = captureNanos;
        if (input.tryPublishEvent(HopEvent.COPY, hop)) {
          LiveCounters.bump(counters.publishedHops);
        } else {
          LiveCounters.bump(counters.overruns);
        }
      }
    }
  }
}
