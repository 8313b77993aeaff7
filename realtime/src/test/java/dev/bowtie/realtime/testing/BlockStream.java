package dev.bowtie.realtime.testing;

import dev.bowtie.realtime.pipeline.HopProcessor;

/**
 * Drives a {@link HopProcessor} from blocks of any size: samples are gathered into hops, and
 * processed samples come out exactly one hop later. Because the hop grid is fixed by the first
 * sample, the output does not depend on how the input is cut into blocks.
 *
 * <p>One thread at a time; {@link #process} allocates nothing.
 */
public final class BlockStream {
  private final HopProcessor processor;
  private final float[] hopIn;
  private final float[] hopOut;
  private int position;

  /**
   * @param processor the hop processor to drive
   */
  public BlockStream(HopProcessor processor) {
    this.processor = processor;
    hopIn = new float[processor.hopSamples()];
    hopOut = new float[processor.hopSamples()];
  }

  /** Delay from input to output in samples: one hop of buffering plus the processor's own. */
  public int latencySamples() {
    return hopIn.length + processor.latencySamples();
  }

  /**
   * Processes a block; {@code in} and {@code out} may be the same array.
   *
   * @param in input samples
   * @param out receives as many output samples
   * @param offset index of the first sample in both arrays
   * @param length samples in the block
   */
  public void process(float[] in, float[] out, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      float x = in[i];
      out[i] = hopOut[position];
      hopIn[position] = x;
      if (++position == hopIn.length) {
        processor.processHop(hopIn, hopOut);
        position = 0;
      }
    }
  }
}
