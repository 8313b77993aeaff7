package dev.bowtie.plugin.latency;

/**
 * What one segment of a latency run plays into the loop, at the capture device's rate: a few clicks
 * a quarter of a second apart, then a second of speech. The clicks time the round trip; the speech
 * shows how far a voice's converted spectral envelope lags behind the input's. Immutable.
 */
public final class ProbeTrain {
  /** Clicks per train. */
  static final int CLICKS = 4;

  private static final double LEAD_SECONDS = 0.02;
  private static final double CLICK_SPACING_SECONDS = 0.25;
  private static final double CLICK_SECONDS = 0.003;
  private static final double CLICK_HZ = 1500;
  private static final float CLICK_PEAK = 0.5f;
  private static final double SPEECH_SECONDS = 1.0;
  private static final float SPEECH_PEAK = 0.4f;
  private static final double FADE_SECONDS = 0.01;

  private final int rateHz;
  private final float[] samples;
  private final float[] speech;
  private final int[] clickStarts = new int[CLICKS];
  private final int speechStart;
  private final int clickOnset;

  /**
   * @param speechAtRate a recording of speech at {@code rateHz}, at least a second long; the
   *     loudest second of it becomes the speech probe
   * @param rateHz the capture device's rate
   */
  public ProbeTrain(float[] speechAtRate, int rateHz) {
    this.rateHz = rateHz;
    int spacing = frames(CLICK_SPACING_SECONDS);
    int lead = frames(LEAD_SECONDS);
    float[] click = click(rateHz);
    this.clickOnset = Onsets.halfPeakOnset(Onsets.envelope(click, rateHz), 0, click.length);
    this.speech = loudestSecond(speechAtRate);
    this.speechStart = lead + CLICKS * spacing;
    this.samples = new float[speechStart + speech.length];
    for (int k = 0; k < CLICKS; k++) {
      clickStarts[k] = lead + k * spacing;
      System.arraycopy(click, 0, samples, clickStarts[k], click.length);
    }
    System.arraycopy(speech, 0, samples, speechStart, speech.length);
  }

  /** The capture rate the train is made for. */
  public int rateHz() {
    return rateHz;
  }

  /** The whole train; the caller must not change it. */
  float[] samples() {
    return samples;
  }

  /** Frames from the start of the train to the onset of click {@code k}. */
  int clickOnsetFrame(int k) {
    return clickStarts[k] + clickOnset;
  }

  /** Frames between clicks. */
  int clickSpacingFrames() {
    return frames(CLICK_SPACING_SECONDS);
  }

  /** Frames from the start of the train to the speech. */
  int speechStart() {
    return speechStart;
  }

  /** The speech probe alone; the caller must not change it. */
  float[] speech() {
    return speech;
  }

  /** Frames in the train. */
  int length() {
    return samples.length;
  }

  private int frames(double seconds) {
    return (int) Math.round(seconds * rateHz);
  }

  /** A short Hann-windowed tone burst: broadband enough to pass any voice, short enough to time. */
  private static float[] click(int rateHz) {
    int n = (int) Math.round(CLICK_SECONDS * rateHz);
    float[] c = new float[n];
    for (int i = 0; i < n; i++) {
      double hann = 0.5 - 0.5 * Math.cos(2 * Math.PI * (i + 0.5) / n);
      c[i] = (float) (CLICK_PEAK * hann * Math.sin(2 * Math.PI * CLICK_HZ * i / rateHz));
    }
    return c;
  }

  /** The loudest second of {@code x} (10 ms steps), peak-normalised and faded in and out. */
  private float[] loudestSecond(float[] x) {
    int n = frames(SPEECH_SECONDS);
    if (x.length < n) {
      throw new IllegalArgumentException("the speech probe needs a second of speech");
    }
    int step = Math.max(1, frames(0.01));
    int best = 0;
    double bestEnergy = -1;
    for (int start = 0; start + n <= x.length; start += step) {
      double e = 0;
      for (int i = start; i < start + n; i++) {
        e += (double) x[i] * x[i];
      }
      if (e > bestEnergy) {
        bestEnergy = e;
        best = start;
      }
    }
    float peak = 0;
    for (int i = best; i < best + n; i++) {
      peak = Math.max(peak, Math.abs(x[i]));
    }
    float gain = peak > 0 ? SPEECH_PEAK / peak : 0;
    int fade = frames(FADE_SECONDS);
    float[] s = new float[n];
    for (int i = 0; i < n; i++) {
      double ramp = Math.min(1.0, Math.min(i, n - 1 - i) / (double) fade);
      s[i] = (float) (x[best + i] * gain * ramp);
    }
    return s;
  }
}
