package dev.bowtie.realtime.dsp;

/**
 * The features of a recording at any rate, fed block by block in bounded memory: resampled to the
 * analysis rate with the whole-file design, aligned ({@link PolyphaseResampler#startAligned}), then
 * analysed by a {@link FeatureExtractor}. The frames are exactly those of {@code
 * FeatureExtractor.extract(settings, PolyphaseResampler.resample(samples, rate,
 * settings.sampleRateHz()))}, which is what {@code bowtie features} computed from whole files
 * before, so training data does not change.
 *
 * <p>Not thread-safe: one instance analyses one recording on one thread.
 */
public final class RecordingFeatures {
  private static final int CHUNK = 4096;

  private final PolyphaseResampler resampler;
  private final FeatureExtractor extractor;
  private final long resampledLength;
  private final long frames;
  private final float[] resampled;
  private long produced;

  /**
   * @param settings analysis settings
   * @param rateHz the recording's rate, 8000..48000
   * @param samples the recording's length in samples, which must be known up front since the
   *     resampled length depends on it
   */
  public RecordingFeatures(AnalysisSettings settings, int rateHz, long samples) {
    resampler = new PolyphaseResampler(rateHz, settings.sampleRateHz());
    resampler.startAligned();
    extractor = new FeatureExtractor(settings);
    resampledLength = resampler.alignedLength(samples);
    frames = FeatureExtractor.frames(settings.hopSamples(), resampledLength);
    resampled = new float[resampler.maxOutput(CHUNK)];
  }

  /** Frames the whole recording gives. */
  public long frames() {
    return frames;
  }

  /**
   * Analyses the next samples of the recording.
   *
   * @param samples mono samples at the recording's rate
   * @param offset first sample to use
   * @param count samples to use
   * @param sink receives each completed frame
   * @throws E if the sink fails
   */
  public <E extends Exception> void push(
      float[] samples, int offset, int count, FeatureExtractor.FrameSink<E> sink) throws E {
    for (int done = 0; done < count; ) {
      int n = Math.min(CHUNK, count - done);
      analyse(resampler.process(samples, offset + done, n, resampled, 0), sink);
      done += n;
    }
  }

  /**
   * Ends the recording: silence flushes the resampler's delay, then the last frame is analysed.
   *
   * @param sink receives the remaining frames
   * @throws E if the sink fails
   */
  public <E extends Exception> void finish(FeatureExtractor.FrameSink<E> sink) throws E {
    float[] silence = new float[CHUNK];
    while (produced < resampledLength) {
      analyse(resampler.process(silence, 0, CHUNK, resampled, 0), sink);
    }
    extractor.finish(sink);
  }

  private <E extends Exception> void analyse(int count, FeatureExtractor.FrameSink<E> sink)
      throws E {
    int keep = (int) Math.min(count, resampledLength - produced);
    extractor.push(resampled, 0, keep, sink);
    produced += keep;
  }
}
