package dev.bowtie.realtime.pipeline;

/**
 * Turns one hop of input samples at the model rate into one hop of output samples. This is the unit
 * of work that the live loop and the file converter both drive.
 *
 * <p>Lifecycle: the constructor prepares (allocates everything); {@link #processHop} runs on one
 * audio thread at a time.
 *
 * <p>Real-time rules for {@link #processHop}: no allocation, no locks, no logging, no I/O. The
 * output array starts undefined: write every sample. Never write NaN or infinity.
 */
public interface HopProcessor {

  /**
   * Samples per hop at the model rate; both arrays given to {@link #processHop} have this length.
   */
  int hopSamples();

  /**
   * Delay in samples at the model rate that the processor adds on top of the hop buffering its
   * driver does: a sample at position i of the input hop comes out at position i of the output hop
   * when this is 0. Drivers add one hop for the buffering ({@link CaptureStage} cuts device blocks
   * into hops).
   */
  int latencySamples();

  /**
   * Processes one hop.
   *
   * @param input {@link #hopSamples()} input samples; read only
   * @param output {@link #hopSamples()} output samples; every one is written
   */
  void processHop(float[] input, float[] output);

  /**
   * Hops (or frames within them) this processor replaced by a safe fallback of its own, such as the
   * dry input, instead of producing noise, since construction. Any thread may read it.
   */
  default long faults() {
    return 0;
  }
}
