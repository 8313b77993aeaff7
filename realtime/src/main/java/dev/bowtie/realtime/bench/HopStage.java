package dev.bowtie.realtime.bench;

/** The parts of one 5 ms hop that {@code bench hop} times, and the whole hop. */
public enum HopStage {
  /** Device rate to model rate on the way in plus model rate to device rate on the way out. */
  RESAMPLING("resampling"),
  /** Taking in the hop, windowing the frame and its mel-cepstrum. */
  MEL_CEPSTRUM("melCepstrum"),
  /** Tracking the frame's F0. */
  F0("f0"),
  /** The model's encoder on the normalised frame (neural voices only). */
  ENCODER("encoder"),
  /** The model's decoder with the target's speaker embedding (neural voices only). */
  DECODER("decoder"),
  /** Excitation, MLSA filter and the output checks. */
  SYNTHESIS("synthesis"),
  /** Everything from the device-rate hop in to the device-rate hop out. */
  HOP("hop");

  private final String key;

  HopStage(String key) {
    this.key = key;
  }

  /** The stage's name in reports. */
  public String key() {
    return key;
  }
}
