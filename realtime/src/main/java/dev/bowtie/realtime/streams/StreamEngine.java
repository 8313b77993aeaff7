package dev.bowtie.realtime.streams;

/**
 * Changes the voices of several independent streams at the model rate, one hop of every stream per
 * call, on one thread. Each stream keeps its own state (analysis and synthesis, the running
 * estimate of its speaker's F0) and speaks as its own target voice; what one stream hears never
 * depends on another.
 *
 * <p>Real-time rules for {@link #processHop}: no allocation of Bowtie's own, no locks, no logging,
 * no I/O. One thread at a time; {@link #modelFaults()} and {@link #faults()} may be read from any
 * thread. {@link #close()} is idempotent; close the engine before its model.
 */
public interface StreamEngine extends AutoCloseable {

  /** Number of streams. */
  int streams();

  /**
   * Samples per hop at the model rate; every array given to {@link #processHop} has this length.
   */
  int hopSamples();

  /**
   * Processes one hop of every stream.
   *
   * @param in {@code in[s]}: stream s's {@link #hopSamples()} input samples; read only
   * @param out {@code out[s]}: stream s's output samples; every one is written, never NaN or
   *     infinity
   */
  void processHop(float[][] in, float[][] out);

  /**
   * Frames left dry, over all streams, because the model produced NaN or infinity or failed to run.
   */
  long modelFaults();

  /**
   * Everything left dry, over all streams: the {@link #modelFaults()} plus the hops replaced by the
   * dry input because the synthesised output was not finite (as {@code VoiceEngine.faults()}).
   */
  long faults();

  /** Releases the native tensors. Idempotent. */
  @Override
  void close();
}
