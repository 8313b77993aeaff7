package dev.bowtie.realtime.dsp;

/**
 * One stream's signal processing around a voice, split at the frame so that a caller can convert
 * the frames of many streams together between the two halves: {@link #analyse} turns a hop of input
 * into a frame (mel-cepstrum and F0) that a voice may change in place, and {@link #synthesise}
 * makes the hop of output from the changed frame with the MLSA filter, driven by a pulse/noise
 * excitation ({@link SynthesisMode#VOCODER}) or by the input's own residual ({@link
 * SynthesisMode#RESIDUAL}). It keeps all its state between hops: every stream owns one.
 *
 * <p>Faults never reach the listener: a frame whose analysis is not finite reuses the previous
 * frame, and a hop whose output is not finite is replaced by the dry input, the filters are
 * cleared, and {@link #faults()} counts it. In vocoder synthesis a {@link SilenceGate} keeps
 * digital silence silent.
 *
 * <p>One audio thread at a time; {@link #analyse} and {@link #synthesise}, called in turn, allocate
 * nothing, take no locks and do no I/O. {@link #faults()} may be read from any thread.
 */
public final class AnalysisSynthesis {
  private final int hopSamples;
  private final SynthesisMode mode;
  private final HopAnalyser analyser;
  private final MlsaFilter synthesis;
  private final MlsaFilter inverse;
  private final Excitation excitation;
  private final SilenceGate gate = new SilenceGate();
  private final double[] input;
  private final double[] source;
  private final double[] output;
  private final double[] analysed;
  private final double[] frame;
  private volatile long faults;

  /**
   * @param settings analysis settings (model rate, hop, order, ...)
   * @param mode how the excitation is made
   */
  public AnalysisSynthesis(AnalysisSettings settings, SynthesisMode mode) {
    this.hopSamples = settings.hopSamples();
    this.mode = mode;
    analyser = new HopAnalyser(settings);
    synthesis = new MlsaFilter(settings.order(), settings.alpha(), 5, false);
    inverse = new MlsaFilter(settings.order(), settings.alpha(), 5, true);
    excitation = new Excitation(settings.sampleRateHz(), 0x5EED);
    input = new double[hopSamples];
    source = new double[hopSamples];
    output = new double[hopSamples];
    analysed = new double[settings.coefficients()];
    frame = new double[settings.coefficients()];
  }

  /**
   * Sets the clock the analysis tells as each of its steps ends (see {@link HopAnalyser#setClock});
   * {@link AnalysisClock#NONE} by default. Call between hops, on the audio thread.
   */
  public void setAnalysisClock(AnalysisClock clock) {
    analyser.setClock(clock);
  }

  /** Samples per hop. */
  public int hopSamples() {
    return hopSamples;
  }

  /**
   * Analyses one hop of input; {@link #frame()} and {@link #f0Hz()} then describe it.
   *
   * @param in {@code hopSamples} input samples; read only
   */
  public void analyse(float[] in) {
    for (int i = 0; i < hopSamples; i++) {
      input[i] = in[i];
    }
    analyser.analyse(input, 0);
    double[] mc = analyser.melCepstrum();
    if (allFinite(mc, mc.length)) {
      System.arraycopy(mc, 0, analysed, 0, mc.length);
    }
    System.arraycopy(analysed, 0, frame, 0, frame.length);
  }

  /**
   * The last analysed frame's c0..cM, for a voice to replace in place before {@link #synthesise}.
   */
  public double[] frame() {
    return frame;
  }

  /** The last analysed frame's F0 in Hz, 0 when unvoiced. */
  public double f0Hz() {
    return analyser.f0Hz();
  }

  /**
   * Synthesises the hop last given to {@link #analyse} from {@link #frame()} as the voice left it.
   *
   * @param f0Hz the F0 to speak at (vocoder synthesis), 0 for unvoiced
   * @param out {@code hopSamples} output samples; every one is written, never NaN or infinity
   */
  public void synthesise(double f0Hz, float[] out) {
    if (mode == SynthesisMode.RESIDUAL) {
      inverse.filterHop(analysed, input, source, hopSamples);
    } else {
      excitation.generate(f0Hz, source, hopSamples);
    }
    synthesis.filterHop(frame, source, output, hopSamples);
    if (mode == SynthesisMode.VOCODER) {
      gate.apply(input, output, hopSamples);
    }

    boolean finite = allFinite(output, hopSamples);
    for (int i = 0; i < hopSamples; i++) {
      // The dry input came in as floats, so writing it back is exact.
      out[i] = (float) (finite ? output[i] : input[i]);
    }
    if (!finite) {
      synthesis.reset();
      inverse.reset();
      faults++;
    }
  }

  /** Hops replaced by the dry input because the output was not finite, since construction. */
  public long faults() {
    return faults;
  }

  private static boolean allFinite(double[] values, int length) {
    for (int i = 0; i < length; i++) {
      if (!Double.isFinite(values[i])) {
        return false;
      }
    }
    return true;
  }
}
