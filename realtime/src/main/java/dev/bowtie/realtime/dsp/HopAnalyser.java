package dev.bowtie.realtime.dsp;

/**
 * Streaming analysis, one frame per hop: keeps the recent input, and after each hop computes the
 * mel-cepstrum of the last window (Blackman, power-normalised) and F0 at the newest sample. The
 * live engine and {@code bowtie features} both use this class, so training features and live
 * features are the same numbers.
 *
 * <p>Frame k describes the {@code windowSamples} samples ending with hop k; before the input has
 * filled a window, the missing past is silence.
 *
 * <p>Not thread-safe; {@link #analyse} allocates nothing.
 */
public final class HopAnalyser {
  private final AnalysisSettings settings;
  private final double[] history;
  private final double[] window;
  private final double[] frame;
  private final double[] melCepstrum;
  private final MelCepstrumAnalysis mcep;
  private final PitchTracker pitch;
  private double f0Hz;
  private AnalysisClock clock = AnalysisClock.NONE;

  /**
   * @param settings analysis settings
   */
  public HopAnalyser(AnalysisSettings settings) {
    this.settings = settings;
    pitch = new PitchTracker(settings);
    history = new double[Math.max(settings.windowSamples(), pitch.bufferSamples())];
    window = AnalysisWindow.blackman(settings.windowSamples());
    frame = new double[settings.windowSamples()];
    melCepstrum = new double[settings.coefficients()];
    mcep = new MelCepstrumAnalysis(settings);
  }

  /**
   * Appends one hop of input and analyses the frame that ends with it.
   *
   * @param hop {@code hopSamples} new samples
   * @param offset index of the first of them in {@code hop}
   */
  public void analyse(double[] hop, int offset) {
    int n = settings.hopSamples();
    System.arraycopy(history, n, history, 0, history.length - n);
    System.arraycopy(hop, offset, history, history.length - n, n);
    int start = history.length - frame.length;
    for (int i = 0; i < frame.length; i++) {
      frame[i] = history[start + i] * window[i];
    }
    mcep.analyse(frame, frame.length, melCepstrum);
    clock.melCepstrumDone();
    f0Hz = pitch.track(history, history.length);
    clock.f0Done();
  }

  /**
   * Sets the clock told as each step of {@link #analyse} ends; {@link AnalysisClock#NONE} (the
   * default) for none. Call between hops, on the analysing thread.
   */
  public void setClock(AnalysisClock clock) {
    this.clock = clock;
  }

  /** The last frame's mel-cepstrum c0..cM; read only, overwritten by the next {@link #analyse}. */
  public double[] melCepstrum() {
    return melCepstrum;
  }

  /** The last frame's F0 in Hz, 0 when unvoiced. */
  public double f0Hz() {
    return f0Hz;
  }
}
