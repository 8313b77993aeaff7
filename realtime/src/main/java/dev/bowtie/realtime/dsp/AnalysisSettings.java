package dev.bowtie.realtime.dsp;

/**
 * The analysis settings shared by the engine, the feature extractor and every voice pack: the model
 * sample rate, the hop, the analysis window, the FFT size, the mel-cepstral order and all-pass
 * constant, and the F0 search range.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param sampleRateHz model sample rate
 * @param hopSamples samples between successive frames (one hop = one unit of processing)
 * @param windowSamples analysis window length (Blackman, power-normalised as SPTK's {@code window})
 * @param fftSize FFT length used by the mel-cepstral analysis; at least {@code windowSamples}
 * @param order mel-cepstral order M; frames carry c0..cM
 * @param alpha all-pass constant of the frequency warping
 * @param f0MinHz lowest F0 searched
 * @param f0MaxHz highest F0 searched
 */
public record AnalysisSettings(
    int sampleRateHz,
    int hopSamples,
    int windowSamples,
    int fftSize,
    int order,
    double alpha,
    double f0MinHz,
    double f0MaxHz) {

  /** Bowtie's defaults: 16 kHz, 5 ms hop, 25 ms window, FFT 512, order 24, alpha 0.42. */
  public static final AnalysisSettings DEFAULT =
      new AnalysisSettings(16000, 80, 400, 512, 24, 0.42, 60.0, 500.0);

  /**
   * Checks the settings against each other.
   *
   * @throws IllegalArgumentException naming the first setting that is out of range
   */
  public AnalysisSettings {
    if (sampleRateHz < 8000 || sampleRateHz > 48000) {
      throw new IllegalArgumentException(
          "sample rate " + sampleRateHz + " Hz is not in 8000..48000");
    }
    if (hopSamples < 1 || hopSamples > windowSamples) {
      throw new IllegalArgumentException(
          "hop " + hopSamples + " must be between 1 and the window (" + windowSamples + ")");
    }
    if (Integer.bitCount(fftSize) != 1 || fftSize < windowSamples) {
      throw new IllegalArgumentException(
          "FFT size " + fftSize + " must be a power of two no smaller than the window");
    }
    if (order < 1 || order >= fftSize / 2) {
      throw new IllegalArgumentException("order " + order + " must be between 1 and FFT size / 2");
    }
    if (!(Math.abs(alpha) < 1.0)) {
      throw new IllegalArgumentException("alpha " + alpha + " must be inside (-1, 1)");
    }
    if (!(f0MinHz > 0 && f0MaxHz > f0MinHz && f0MaxHz < sampleRateHz / 2.0)) {
      throw new IllegalArgumentException(
          "F0 range " + f0MinHz + ".." + f0MaxHz + " Hz must be positive and below Nyquist");
    }
  }

  /** Frames carry c0..cM: this is M + 1. */
  public int coefficients() {
    return order + 1;
  }
}
