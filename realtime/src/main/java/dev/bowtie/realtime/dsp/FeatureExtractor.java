package dev.bowtie.realtime.dsp;

/**
 * Features for training: the mel-cepstrum and F0 of every hop of a recording, computed by the same
 * {@link HopAnalyser} the live engine runs, so a model trains on exactly what it will see.
 *
 * <p>There are {@code ceil(samples / hop)} frames; frame k describes the window ending with hop k
 * (the last hop padded with silence).
 */
public final class FeatureExtractor {
  private FeatureExtractor() {}

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
   * @param samples mono samples at {@code settings.sampleRateHz()}
   * @return the features
   */
  public static Features extract(AnalysisSettings settings, float[] samples) {
    int hop = settings.hopSamples();
    int frames = (samples.length + hop - 1) / hop;
    int width = settings.coefficients();
    HopAnalyser analyser = new HopAnalyser(settings);
    double[] buffer = new double[hop];
    float[] mcep = new float[frames * width];
    float[] f0 = new float[frames];
    for (int k = 0; k < frames; k++) {
      for (int i = 0; i < hop; i++) {
        int n = k * hop + i;
        buffer[i] = n < samples.length ? samples[n] : 0.0;
      }
      analyser.analyse(buffer, 0);
      double[] mc = analyser.melCepstrum();
      for (int m = 0; m < width; m++) {
        mcep[k * width + m] = (float) mc[m];
      }
      f0[k] = (float) analyser.f0Hz();
    }
    return new Features(mcep, f0, frames);
  }
}
