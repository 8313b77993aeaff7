package dev.bowtie.realtime.pipeline;

/**
 * The live loop's chain with a file as source and sink, run as fast as the CPU allows: a {@link
 * SynchronousChain} (the same capture, voice and playback stages as the live loop) fed with the
 * file's samples, its output cut back into alignment with the input and drained with silence at the
 * end. So a converted file equals what the live loop plays for the same input, sample for sample,
 * once the live loop's start-up silence is accounted for.
 *
 * <p>What differs from live, because a file has no clock: no sample is ever dropped, drift
 * correction is neutral (one clock, nothing to steer) and the slow-voice fallback never fires
 * (being behind real time means nothing offline); see {@link SynchronousChain}.
 *
 * <p>A recording streams through in blocks of any size up to {@link #BLOCK_FRAMES} ({@link
 * #convert(float[], int, int, float[])}, then {@link #drain} until it returns 0), in bounded memory
 * whatever its length; the output is the same, sample for sample, as converting it whole.
 *
 * <p>Thread rules: one thread builds the pipeline and converts one recording through it.
 */
public final class OfflinePipeline {
  /** The most frames one call to {@link #convert(float[], int, int, float[])} takes. */
  public static final int BLOCK_FRAMES = 1024;

  private final SynchronousChain chain;
  private final float[] silence = new float[BLOCK_FRAMES];
  private final float[] played = new float[BLOCK_FRAMES];
  private long framesIn;
  private long framesOut;
  private long toSkip;
  private boolean drained;

  /**
   * Builds the chain for one file.
   *
   * @param fileRateHz the file's sample rate, 8000..48000
   * @param modelRateHz the voice's sample rate
   * @param settings the voice, bypass and dry/wet mix; the voice prepared and used by nothing else
   */
  public OfflinePipeline(int fileRateHz, int modelRateHz, LiveSettings settings) {
    chain = new SynchronousChain(fileRateHz, modelRateHz, settings, BLOCK_FRAMES);
    toSkip = chain.latencyFrames();
  }

  /**
   * The chain's delay in file samples: both converters plus the voice's own latency. Hop buffering
   * adds none offline, since the file is drained at the end.
   *
   * @return frames
   */
  public int latencyFrames() {
    return chain.latencyFrames() - chain.bufferFrames();
  }

  /**
   * The most frames one call to {@link #convert(float[], int, int, float[])} or {@link #drain}
   * returns.
   */
  public int maxOutputFrames() {
    return BLOCK_FRAMES;
  }

  /**
   * Runs a whole recording through the chain, then silence until its last sample is out.
   *
   * @param input mono samples at the file rate
   * @return as many samples, time-aligned with the input (the chain's latency removed)
   * @throws IllegalStateException if the pipeline has converted anything before
   */
  public float[] convert(float[] input) {
    if (framesIn != 0 || drained) {
      throw new IllegalStateException("an offline pipeline converts one recording");
    }
    float[] result = new float[input.length];
    float[] out = new float[BLOCK_FRAMES];
    int produced = 0;
    for (int offset = 0; offset < input.length; offset += BLOCK_FRAMES) {
      int n = convert(input, offset, Math.min(BLOCK_FRAMES, input.length - offset), out);
      System.arraycopy(out, 0, result, produced, n);
      produced += n;
    }
    for (int n; (n = drain(out)) > 0; produced += n) {
      System.arraycopy(out, 0, result, produced, n);
    }
    return result;
  }

  /**
   * Takes the next samples of the recording and returns the converted samples that are ready,
   * time-aligned with the input: over the whole recording, output sample k answers input sample k.
   *
   * @param input mono samples at the file rate
   * @param offset first sample to take
   * @param count samples to take, at most {@link #BLOCK_FRAMES}
   * @param output receives the ready samples; room for {@link #maxOutputFrames()}
   * @return samples written to {@code output}, possibly 0
   * @throws IllegalStateException if called after {@link #drain} finished
   */
  public int convert(float[] input, int offset, int count, float[] output) {
    if (drained) {
      throw new IllegalStateException("an offline pipeline converts one recording");
    }
    framesIn += count;
    return run(input, offset, count, output);
  }

  /**
   * After the last {@link #convert(float[], int, int, float[])}: runs silence through the chain and
   * returns the next converted samples. Call until it returns 0; the samples returned in all then
   * number exactly the samples taken.
   *
   * @param output receives the samples; room for {@link #maxOutputFrames()}
   * @return samples written, 0 once the recording is complete
   */
  public int drain(float[] output) {
    while (framesOut < framesIn) {
      int produced = run(silence, 0, BLOCK_FRAMES, output);
      if (produced > 0) {
        return produced;
      }
    }
    drained = true;
    return 0;
  }

  /** One block through the chain; the part past the latency and within the recording is kept. */
  private int run(float[] input, int offset, int count, float[] output) {
    chain.process(input, offset, played, 0, count);
    int skip = (int) Math.min(toSkip, count);
    toSkip -= skip;
    int keep = (int) Math.min(count - skip, framesIn - framesOut);
    System.arraycopy(played, skip, output, 0, keep);
    framesOut += keep;
    if (chain.counters().underruns.get() != 0) {
      throw new IllegalStateException("the synchronous chain ran dry; its buffer is too short");
    }
    return keep;
  }

  /**
   * @return the chain's counters: voice faults, hops processed and played
   */
  public LiveCounters counters() {
    return chain.counters();
  }
}
