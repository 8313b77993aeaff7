package dev.bowtie.realtime.bench;

/**
 * Something {@code bench hop} runs hop by hop on the same audio: a voice in the engine, or a
 * baseline. It times its own stages into the {@link StageTimes} it was made with, always including
 * {@link HopStage#HOP}.
 *
 * <p>One thread; {@link #processHop} must not allocate beyond what the measured code itself does.
 */
public interface HopSubject extends AutoCloseable {
  /** The name in reports, e.g. {@code slt} or {@code tarsos-pitch-shifter}. */
  String name();

  /** What it is, for people: {@code neural voice}, {@code built-in voice}, {@code baseline}. */
  String kind();

  /** Its times. */
  StageTimes times();

  /** Dry frames or hops so far (a model that gave NaN, say); 0 for subjects that cannot fail. */
  default long faults() {
    return 0;
  }

  /**
   * Processes one hop at the device rate and records its times.
   *
   * @param in the hop's samples; read only
   * @param out receives as many samples
   */
  void processHop(float[] in, float[] out);

  /** Releases native resources, if any. */
  @Override
  default void close() {}
}
