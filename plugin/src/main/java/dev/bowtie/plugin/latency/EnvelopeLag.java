package dev.bowtie.plugin.latency;

import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.dsp.AnalysisWindow;
import dev.bowtie.realtime.dsp.MelCepstrumAnalysis;
import dev.bowtie.realtime.dsp.PolyphaseResampler;

/**
 * How far the spectral envelope of returned speech lags behind the envelope of the speech that was
 * sent, beyond the waveform delay: both are re-analysed with the engine's own mel-cepstral analysis
 * at the engine's rate, and the returned frames are shifted in 0.5 ms steps until they best match
 * the sent ones. Each coefficient's mean over the speech is removed first, so a voice that changes
 * the speaker's timbre or loudness is still matched by how its envelope moves.
 *
 * <p>Not thread-safe; runs on the control thread (it allocates and takes a fraction of a second).
 */
final class EnvelopeLag {
  /** The search range, in ms: returned speech may be early by a little or late by a lot. */
  static final double MIN_LAG_MILLIS = -10;

  static final double MAX_LAG_MILLIS = 40;

  private static final double STEP_MILLIS = 0.5;

  /** Frames quieter than this against the loudest take no part: silence has no envelope to time. */
  private static final double SPEECH_FLOOR = 0.1;

  private final AnalysisSettings settings;
  private final MelCepstrumAnalysis analysis;
  private final double[] window;
  private final double[] frame;

  EnvelopeLag(AnalysisSettings settings) {
    this.settings = settings;
    this.analysis = new MelCepstrumAnalysis(settings);
    this.window = AnalysisWindow.blackman(settings.windowSamples());
    this.frame = new double[settings.fftSize()];
  }

  /** Milliseconds of returned audio needed before the sent speech's arrival. */
  static double marginBeforeMillis() {
    return -MIN_LAG_MILLIS;
  }

  /** Milliseconds of returned audio needed after the end of the sent speech's arrival. */
  static double marginAfterMillis() {
    return MAX_LAG_MILLIS;
  }

  /**
   * @param sent the speech probe, at {@code rateHz}
   * @param returned what came back, at {@code rateHz}: starting {@link #marginBeforeMillis} before
   *     the sent speech's arrival by the click round trip, and {@link #marginAfterMillis} longer
   * @param rateHz the capture rate
   * @return the lag of the returned envelope in ms (positive: later), or NaN when the returned
   *     audio matches at no shift (silence)
   */
  double lagMillis(float[] sent, float[] returned, int rateHz) {
    int rate = settings.sampleRateHz();
    float[] x = PolyphaseResampler.resample(sent, rateHz, rate);
    float[] y = PolyphaseResampler.resample(returned, rateHz, rate);
    int step = (int) Math.round(STEP_MILLIS * rate / 1000);
    int shifts = (int) Math.round((MAX_LAG_MILLIS - MIN_LAG_MILLIS) / STEP_MILLIS) + 1;
    int hop = settings.hopSamples();
    int win = settings.windowSamples();
    int frames = (x.length - win) / hop;
    if (frames < 1 || y.length < (shifts - 1) * step + (frames - 1) * hop + win) {
      return Double.NaN;
    }
    boolean[] speech = speechFrames(x, frames, hop, win);
    double[][] sentCepstra = centred(cepstra(x, 0, hop, frames, new double[x.length][]), speech);
    // Shift s starts the returned frames at s steps: lag 0 lies the leading margin in.
    double[][] analysed = new double[y.length][];
    double best = Double.POSITIVE_INFINITY;
    int bestShift = -1;
    for (int s = 0; s < shifts; s++) {
      double[][] back = centred(cepstra(y, s * step, hop, frames, analysed), speech);
      double d = distance(sentCepstra, back, speech);
      if (d < best) {
        best = d;
        bestShift = s;
      }
    }
    return bestShift < 0 ? Double.NaN : MIN_LAG_MILLIS + bestShift * STEP_MILLIS;
  }

  private boolean[] speechFrames(float[] x, int frames, int hop, int win) {
    double[] energy = new double[frames];
    double loudest = 0;
    for (int k = 0; k < frames; k++) {
      double e = 0;
      for (int i = k * hop; i < k * hop + win; i++) {
        e += (double) x[i] * x[i];
      }
      energy[k] = e;
      loudest = Math.max(loudest, e);
    }
    boolean[] speech = new boolean[frames];
    for (int k = 0; k < frames; k++) {
      speech[k] = energy[k] > SPEECH_FLOOR * SPEECH_FLOOR * loudest && loudest > 0;
    }
    return speech;
  }

  /**
   * The mel-cepstra of {@code frames} windows of {@code x} from {@code offset}, {@code hop} apart;
   * shifts share most windows, so each is analysed once and kept in {@code analysed} by its start.
   * The rows returned are copies, free to centre.
   */
  private double[][] cepstra(float[] x, int offset, int hop, int frames, double[][] analysed) {
    int win = settings.windowSamples();
    double[][] mc = new double[frames][];
    for (int k = 0; k < frames; k++) {
      int start = offset + k * hop;
      if (analysed[start] == null) {
        for (int i = 0; i < win; i++) {
          frame[i] = x[start + i] * window[i];
        }
        analysed[start] = new double[settings.coefficients()];
        analysis.analyse(frame, win, analysed[start]);
      }
      mc[k] = analysed[start].clone();
    }
    return mc;
  }

  /** Removes each coefficient's mean over the speech frames. */
  private static double[][] centred(double[][] mc, boolean[] speech) {
    int m = mc[0].length;
    double[] mean = new double[m];
    int n = 0;
    for (int k = 0; k < mc.length; k++) {
      if (speech[k]) {
        n++;
        for (int j = 0; j < m; j++) {
          mean[j] += mc[k][j];
        }
      }
    }
    for (int k = 0; k < mc.length; k++) {
      for (int j = 0; j < m; j++) {
        mc[k][j] -= mean[j] / Math.max(1, n);
      }
    }
    return mc;
  }

  private static double distance(double[][] a, double[][] b, boolean[] speech) {
    double sum = 0;
    for (int k = 0; k < a.length; k++) {
      if (speech[k]) {
        for (int j = 0; j < a[k].length; j++) {
          double d = a[k][j] - b[k][j];
          sum += d * d;
        }
      }
    }
    return sum;
  }
}
