package dev.bowtie.realtime.dsp;

/**
 * Silence in, silence out, for vocoder synthesis: on digital silence (a muted microphone, the quiet
 * between words in a file) the analysis sees only its numerical floor, and the vocoder would play
 * that floor as noise at about -63 dBFS. The gate closes while the input hop stays below -80 dBFS
 * RMS, far under any real microphone's noise, and ramps its gain linearly across a hop when it
 * opens or closes, so it never clicks.
 *
 * <p>One audio thread; {@link #apply} allocates nothing.
 */
final class SilenceGate {
  /** -80 dBFS. */
  static final double THRESHOLD_RMS = 1e-4;

  private double gain = 1.0;

  /**
   * Scales one synthesised hop by the gate's gain.
   *
   * @param input the hop's input samples
   * @param output the hop's synthesised samples, scaled in place
   * @param length samples in the hop
   */
  void apply(double[] input, double[] output, int length) {
    double energy = 0;
    for (int i = 0; i < length; i++) {
      energy += input[i] * input[i];
    }
    double target = energy >= THRESHOLD_RMS * THRESHOLD_RMS * length ? 1.0 : 0.0;
    if (target == 1.0 && gain == 1.0) {
      return;
    }
    double step = (target - gain) / length;
    for (int i = 0; i < length; i++) {
      output[i] *= gain + step * (i + 1);
    }
    gain = target;
  }
}
