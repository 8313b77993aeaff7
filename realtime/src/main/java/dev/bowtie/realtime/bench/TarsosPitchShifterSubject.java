package dev.bowtie.realtime.bench;

import be.tarsos.dsp.AudioEvent;
import be.tarsos.dsp.PitchShifter;
import be.tarsos.dsp.io.TarsosDSPAudioFormat;

/**
 * The baseline of a classic effect: TarsosDSP's own phase-vocoder {@link PitchShifter} at the
 * device rate, fed one hop at a time the way TarsosDSP's dispatcher feeds it (a buffer of {@link
 * #FRAME_SAMPLES} that moves on by one hop, so the overlap is the frame less a hop).
 */
final class TarsosPitchShifterSubject implements HopSubject {
  /** The FFT frame TarsosDSP's examples use for pitch shifting at 44.1 and 48 kHz. */
  static final int FRAME_SAMPLES = 1024;

  /** Four semitones up, a pitch shift in the range of the built-in voices. */
  static final double FACTOR = Math.pow(2, 4 / 12.0);

  private final StageTimes times;
  private final PitchShifter shifter;
  private final AudioEvent event;
  private final float[] history = new float[FRAME_SAMPLES];
  // The shifter may write into the buffer it is given, so it never gets the history itself.
  private final float[] frame = new float[FRAME_SAMPLES];
  private final int hopSamples;

  /**
   * @param rateHz the device rate
   * @param hopSamples samples per hop at that rate
   * @param capacity the most hops that will be measured
   */
  TarsosPitchShifterSubject(int rateHz, int hopSamples, int capacity) {
    this.hopSamples = hopSamples;
    times = new StageTimes(capacity);
    times.measures(HopStage.HOP);
    int overlap = FRAME_SAMPLES - hopSamples;
    shifter = new PitchShifter(FACTOR, rateHz, FRAME_SAMPLES, overlap);
    event = new AudioEvent(new TarsosDSPAudioFormat(rateHz, 16, 1, true, false));
    event.setOverlap(overlap);
  }

  @Override
  public String name() {
    return "tarsos-pitch-shifter";
  }

  @Override
  public String kind() {
    return "baseline";
  }

  @Override
  public StageTimes times() {
    return times;
  }

  @Override
  public void processHop(float[] in, float[] out) {
    long t0 = System.nanoTime();
    times.hopStarts(t0);
    System.arraycopy(history, hopSamples, history, 0, FRAME_SAMPLES - hopSamples);
    System.arraycopy(in, 0, history, FRAME_SAMPLES - hopSamples, hopSamples);
    System.arraycopy(history, 0, frame, 0, FRAME_SAMPLES);
    event.setFloatBuffer(frame);
    shifter.process(event);
    float[] shifted = event.getFloatBuffer();
    System.arraycopy(shifted, shifted.length - hopSamples, out, 0, hopSamples);
    times.record(HopStage.HOP, System.nanoTime() - t0);
  }
}
