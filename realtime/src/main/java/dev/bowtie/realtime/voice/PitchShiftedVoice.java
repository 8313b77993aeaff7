package dev.bowtie.realtime.voice;

/**
 * Another voice with its F0 moved by a fixed number of semitones, on top of whatever F0 conversion
 * that voice does. Unvoiced frames stay unvoiced.
 *
 * <p>In residual synthesis the engine keeps the speaker's pitch, so the shift is heard only in
 * vocoder synthesis. Same thread rules as the wrapped voice; closing closes it.
 */
public final class PitchShiftedVoice implements Voice {
  /** The largest shift either way, in semitones: two octaves. */
  public static final double MAX_SEMITONES = 24.0;

  private final Voice voice;
  private final double factor;

  /**
   * @param voice the voice to shift
   * @param semitones shift in semitones (negative = lower), within &plusmn;{@link #MAX_SEMITONES}
   * @throws IllegalArgumentException if {@code semitones} is not finite or out of range
   */
  public PitchShiftedVoice(Voice voice, double semitones) {
    if (!isValidShift(semitones)) {
      throw new IllegalArgumentException(
          "a pitch shift of " + semitones + " semitones is outside -24..24");
    }
    this.voice = voice;
    this.factor = Math.pow(2.0, semitones / 12.0);
  }

  /** True when {@code semitones} is a shift this class accepts: finite and within &plusmn;24. */
  public static boolean isValidShift(double semitones) {
    return semitones >= -MAX_SEMITONES && semitones <= MAX_SEMITONES;
  }

  /** The wrapped voice. */
  public Voice voice() {
    return voice;
  }

  @Override
  public String name() {
    return voice.name();
  }

  @Override
  public double convert(double[] melCepstrum, double f0Hz) {
    return voice.convert(melCepstrum, f0Hz) * factor;
  }

  @Override
  public long faults() {
    return voice.faults();
  }

  @Override
  public void close() {
    voice.close();
  }
}
