package dev.bowtie.realtime.voice;

import dev.bowtie.realtime.dsp.FrequencyWarp;

/**
 * A voice made by signal processing alone, with no model, so Bowtie changes a voice even where no
 * voice pack is installed. It scales the pitch and moves the formants: the mel-cepstrum is
 * re-warped by a first-order all-pass (SPTK's {@code freqt}) with constant {@code beta}, which
 * moves low and middle formants by about {@code (1 + beta) / (1 - beta)}; c0 (the level) is kept.
 *
 * <p>Presets: {@code child} (pitch x1.7, formants x1.18), {@code deep} (pitch x0.65, formants
 * x0.86), {@code robot} (monotone 110 Hz wherever the speaker is voiced), {@code whisper} (every
 * frame unvoiced, so the vocoder speaks from noise).
 *
 * <p>In {@link dev.bowtie.realtime.dsp.SynthesisMode#VOCODER} mode the engine follows the F0 this
 * voice returns. In {@link dev.bowtie.realtime.dsp.SynthesisMode#RESIDUAL} mode the engine keeps
 * the speaker's own residual, hence the speaker's own pitch and voicing: only the formant shift is
 * heard, so {@code robot} and {@code whisper} sound like the speaker there.
 *
 * <p>One audio thread at a time; {@link #convert} allocates nothing.
 */
public final class DspVoice implements Voice {
  /** Formant ratio and pitch ratio of {@code child}. */
  static final double CHILD_FORMANTS = 1.18;

  static final double CHILD_PITCH = 1.7;

  /** Formant ratio and pitch ratio of {@code deep}. */
  static final double DEEP_FORMANTS = 0.86;

  static final double DEEP_PITCH = 0.65;

  /** The one pitch of {@code robot}. */
  static final double ROBOT_F0_HZ = 110.0;

  private final String name;
  private final double pitchRatio;
  private final double beta;
  private final double monotoneHz;
  private final boolean whisper;
  private final FrequencyWarp warp;
  private final double[] warped;

  /**
   * @param name the voice's name
   * @param pitchRatio factor applied to the speaker's F0 (ignored when {@code monotoneHz > 0})
   * @param formantRatio factor by which formants move (1 = unchanged)
   * @param monotoneHz when positive, every voiced frame gets this F0
   * @param whisper when true, every frame is unvoiced
   * @param order mel-cepstral order M
   */
  public DspVoice(
      String name,
      double pitchRatio,
      double formantRatio,
      double monotoneHz,
      boolean whisper,
      int order) {
    if (!(pitchRatio > 0) || !(formantRatio > 0)) {
      throw new IllegalArgumentException("pitch and formant ratios must be positive");
    }
    this.name = name;
    this.pitchRatio = pitchRatio;
    this.beta = allPassFor(formantRatio);
    this.monotoneHz = monotoneHz;
    this.whisper = whisper;
    this.warp = new FrequencyWarp(order);
    this.warped = new double[order + 1];
  }

  /** The all-pass constant that moves low formants by {@code ratio}. */
  static double allPassFor(double ratio) {
    return (ratio - 1) / (ratio + 1);
  }

  /** {@code child}: higher pitch, formants of a shorter vocal tract. */
  public static DspVoice child(int order) {
    return new DspVoice("child", CHILD_PITCH, CHILD_FORMANTS, 0, false, order);
  }

  /** {@code deep}: lower pitch, formants of a longer vocal tract. */
  public static DspVoice deep(int order) {
    return new DspVoice("deep", DEEP_PITCH, DEEP_FORMANTS, 0, false, order);
  }

  /** {@code robot}: one pitch wherever the speaker is voiced. */
  public static DspVoice robot(int order) {
    return new DspVoice("robot", 1.0, 1.0, ROBOT_F0_HZ, false, order);
  }

  /** {@code whisper}: noise excitation throughout. */
  public static DspVoice whisper(int order) {
    return new DspVoice("whisper", 1.0, 1.0, 0, true, order);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public double convert(double[] melCepstrum, double f0Hz) {
    if (beta != 0.0) {
      int order = warped.length - 1;
      warp.warp(melCepstrum, order, warped, order, beta);
      System.arraycopy(warped, 1, melCepstrum, 1, order);
    }
    if (whisper || f0Hz <= 0) {
      return 0.0;
    }
    return monotoneHz > 0 ? monotoneHz : f0Hz * pitchRatio;
  }
}
