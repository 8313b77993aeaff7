package dev.bowtie.realtime.dsp;

import dev.bowtie.realtime.pipeline.HopProcessor;
import dev.bowtie.realtime.voice.Voice;

/**
 * Bowtie's voice changer for one stream at the model rate: per hop, analysis (mel-cepstrum and F0),
 * conversion by a {@link Voice}, and synthesis by the MLSA filter from a pulse/noise excitation
 * ({@link SynthesisMode#VOCODER}) or from the input's own residual ({@link
 * SynthesisMode#RESIDUAL}).
 *
 * <p>Faults never reach the listener: a frame whose analysis is not finite reuses the previous
 * frame, and a hop whose output is not finite is replaced by the dry input, the filters are
 * cleared, and {@link #faults()} counts it. In vocoder synthesis a {@link SilenceGate} keeps
 * digital silence silent.
 *
 * <p>One audio thread at a time; {@link #processHop} allocates nothing, takes no locks and does no
 * I/O. {@link #faults()} may be read from any thread.
 */
public final class VoiceEngine implements HopProcessor {
  private final AnalysisSettings settings;
  private final Voice voice;
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
  private final double[] converted;
  private volatile long faults;

  /**
   * @param settings analysis settings (model rate, hop, order, ...)
   * @param voice the target voice
   * @param mode how the excitation is made
   */
  public VoiceEngine(AnalysisSettings settings, Voice voice, SynthesisMode mode) {
    this.settings = settings;
    this.voice = voice;
    this.mode = mode;
    analyser = new HopAnalyser(settings);
    synthesis = new MlsaFilter(settings.order(), settings.alpha(), 5, false);
    inverse = new MlsaFilter(settings.order(), settings.alpha(), 5, true);
    excitation = new Excitation(settings.sampleRateHz(), 0x5EED);
    int hop = settings.hopSamples();
    input = new double[hop];
    source = new double[hop];
    output = new double[hop];
    analysed = new double[settings.coefficients()];
    converted = new double[settings.coefficients()];
  }

  @Override
  public int hopSamples() {
    return settings.hopSamples();
  }

  /**
   * None: each hop's output is synthesised from that same hop's input (the residual is taken sample
   * by sample, and the frame's analysis window ends with the hop).
   */
  @Override
  public int latencySamples() {
    return 0;
  }

  /**
   * Hops replaced by the dry input because the output was not finite, plus the frames the voice
   * itself left unconverted ({@link Voice#faults()}), since construction.
   */
  @Override
  public long faults() {
    return faults + voice.faults();
  }

  @Override
  public void processHop(float[] in, float[] out) {
    int hop = settings.hopSamples();
    for (int i = 0; i < hop; i++) {
      input[i] = in[i];
    }
    analyser.analyse(input, 0);
    double[] mc = analyser.melCepstrum();
    if (allFinite(mc, mc.length)) {
      System.arraycopy(mc, 0, analysed, 0, mc.length);
    }
    System.arraycopy(analysed, 0, converted, 0, converted.length);
    double f0 = voice.convert(converted, analyser.f0Hz());

    if (mode == SynthesisMode.RESIDUAL) {
      inverse.filterHop(analysed, input, source, hop);
    } else {
      excitation.generate(f0, source, hop);
    }
    synthesis.filterHop(converted, source, output, hop);
    if (mode == SynthesisMode.VOCODER) {
      gate.apply(input, output, hop);
    }

    if (allFinite(output, hop)) {
      for (int i = 0; i < hop; i++) {
        out[i] = (float) output[i];
      }
    } else {
      System.arraycopy(in, 0, out, 0, hop);
      synthesis.reset();
      inverse.reset();
      faults++;
    }
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
