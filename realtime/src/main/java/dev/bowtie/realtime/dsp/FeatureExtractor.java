package dev.bowtie.realtime.dsp;

import java.util.Arrays;

/**
 * Features for training: the mel-cepstrum and F0 of every hop of a recording, computed by the same
 * {@link HopAnalyser} the live engine runs, so a model trains on exactly what it will see.
 *
 * <p>There are {@code ceil(samples / hop)} frames; frame k describes the window ending with hop k
 * (the last hop padded with silence). Samples may be {@link #push pushed} in blocks of any size and
 * give the same frames as {@link #extract} on the whole recording.
 *
 * <p>Not thread-safe: one instance analyses one recording on one thread.
 */
public final class FeatureExtractor {
  private final HopAnalyser analyser;
  private final double[] hop;
  private final float[] melCepstrum;
  private int filled;

  /** Receives the frames in order. */
  @FunctionalInterface
  public interface FrameSink<E extends Exception> {
    /**
     * @param melCepstrum c0..cM of the frame; reused for the next frame, so copy what you keep
     * @param f0Hz F0 of the frame, 0 when unvoiced
     * @throws E if the sink cannot take the frame; the extraction then stops
     */
    void frame(float[] melCepstrum, float f0Hz) throws E;
  }

  /**
   * Features of one recording.
   *
   * @param melCepstra frames x (M + 1), row-major: c0..cM of each frame
   * @param f0Hz F0 of each frame, 0 when unvoiced
   * @param frames number of frames
   */
  public record Features(float[] melCepstra, float[] f0Hz, int frames) {}

  /**
   * @param settings analysis settings
   */
  public FeatureExtractor(AnalysisSettings settings) {
    analyser = new HopAnalyser(settings);
    hop = new double[settings.hopSamples()];
    melCepstrum = new float[settings.coefficients()];
  }

  /**
   * Frames of a recording of {@code samples} samples at the analysis rate.
   *
   * @param hopSamples the analysis hop
   * @param samples the recording's length
   * @return {@code ceil(samples / hop)}
   */
  public static long frames(int hopSamples, long samples) {
    return (samples + hopSamples - 1) / hopSamples;
  }

  /**
   * @param settings analysis settings
   * @param samples mono samples at {@code settings.sampleRateHz()}
   * @return the features
   */
  public static Features extract(AnalysisSettings settings, float[] samples) {
    int width = settings.coefficients();
    int frames = (int) frames(settings.hopSamples(), samples.length);
    float[] mcep = new float[frames * width];
    float[] f0 = new float[frames];
    int[] k = {0};
    FrameSink<RuntimeException> collect =
        (mc, f) -> {
          System.arraycopy(mc, 0, mcep, k[0] * width, width);
          f0[k[0]++] = f;
        };
    FeatureExtractor extractor = new FeatureExtractor(settings);
    extractor.push(samples, 0, samples.length, collect);
    extractor.finish(collect);
    return new Features(mcep, f0, frames);
  }

  /**
   * Analyses the next samples, handing each completed hop's frame to {@code sink}.
   *
   * @param samples mono samples at the analysis rate
   * @param offset first sample to use
   * @param count samples to use
   * @param sink receives the frames
   * @throws E if the sink fails
   */
  public <E extends Exception> void push(float[] samples, int offset, int count, FrameSink<E> sink)
      throws E {
    for (int i = offset; i < offset + count; i++) {
      hop[filled++] = samples[i];
      if (filled == hop.length) {
        analyseHop(sink);
      }
    }
  }

  /**
   * Ends the recording: a last, partial hop is padded with silence and analysed.
   *
   * @param sink receives the last frame, if there is one
   * @throws E if the sink fails
   */
  public <E extends Exception> void finish(FrameSink<E> sink) throws E {
    if (filled > 0) {
      Arrays.fill(hop, filled, hop.length, 0.0);
      analyseHop(sink);
    }
  }

  private <E extends Exception> void analyseHop(FrameSink<E> sink) throws E {
    filled = 0;
    analyser.analyse(hop, 0);
    double[] mc = analyser.melCepstrum();
    for (int m = 0; m < melCepstrum.length; m++) {
      melCepstrum[m] = (float) mc[m];
    }
    sink.frame(melCepstrum, (float) analyser.f0Hz());
  }
}
