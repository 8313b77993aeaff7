package dev.bowtie.realtime.pipeline;

import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.dsp.AnalysisSynthesis;
import dev.bowtie.realtime.dsp.SynthesisMode;
import dev.bowtie.realtime.voice.Voice;

/**
 * Bowtie's voice changer for one stream at the model rate: per hop, analysis (mel-cepstrum and F0),
 * conversion by a {@link Voice}, and synthesis by the MLSA filter ({@link AnalysisSynthesis}, which
 * also keeps faults from the listener).
 *
 * <p>One audio thread at a time; {@link #processHop} allocates nothing, takes no locks and does no
 * I/O. {@link #faults()} may be read from any thread.
 */
public final class VoiceEngine implements HopProcessor {
  private final Voice voice;
  private final AnalysisSynthesis dsp;

  /**
   * @param settings analysis settings (model rate, hop, order, ...)
   * @param voice the target voice
   * @param mode how the excitation is made
   */
  public VoiceEngine(AnalysisSettings settings, Voice voice, SynthesisMode mode) {
    this.voice = voice;
    this.dsp = new AnalysisSynthesis(settings, mode);
  }

  @Override
  public int hopSamples() {
    return dsp.hopSamples();
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
    return dsp.faults() + voice.faults();
  }

  @Override
  public void processHop(float[] in, float[] out) {
    dsp.analyse(in);
    double f0 = voice.convert(dsp.frame(), dsp.f0Hz());
    dsp.synthesise(f0, out);
  }
}
