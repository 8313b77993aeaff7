package dev.bowtie.plugin.latency;

import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.pipeline.LiveStatus;
import dev.bowtie.realtime.session.LiveSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures the true round trip of a running {@link LiveSession} through the user's loop: segment
 * after segment it switches the session to pass-through or a voice, injects a {@link ProbeTrain}
 * through the {@link ProbeInjector} of the session's {@link ProbingBackend}, and finds each click
 * and the speech in what the capture device brought back. Each round plays pass-through and then
 * every voice, so the latency a voice adds is a difference of round trips on one clock, measured
 * minutes apart at most. The voices are visited back and forth (the session keeps the last one it
 * switched to), which saves a voice switch per round.
 *
 * <p>Thread rules: {@link #run} on one control thread, which it blocks for the whole run.
 */
public final class LatencyRun {
  /** The name of the mode that plays the input unchanged. */
  public static final String PASS_THROUGH = "pass-through";

  /** The longest round trip looked for. */
  public static final int MAX_ROUND_TRIP_MILLIS = 1000;

  /** Raw capture the injector must keep: a segment with its longest round trip, twice over. */
  public static final double HISTORY_SECONDS = 10;

  private static final long SETTLE_MILLIS = 150;
  private static final long START_MILLIS = 500;
  private static final long DEVICE_TIMEOUT_MILLIS = 3_000;
  private static final double NOISE_MILLIS = 100;
  private static final double TAIL_MILLIS = 100;
  private static final float ABSOLUTE_FLOOR = 0.001f;
  private static final float SNR_FACTOR = 8f;

  /** Hears how far the run is. Called on the run's thread. */
  public interface Progress {
    /**
     * @param done segments finished
     * @param total segments in the run
     * @param mode the mode of the next segment, or null when all are done
     */
    void update(int done, int total, String mode);
  }

  private final LiveSession session;
  private final ProbeInjector injector;
  private final ProbeTrain train;
  private final EnvelopeLag envelope;
  private final String input;
  private final String output;
  private final int rate;

  /** The capture frame the run's first probe started at; -1 before the first segment. */
  private long firstProbeFrame = -1;

  /**
   * @param session running on a {@link ProbingBackend} with {@code injector}, started with the
   *     first voice and in pass-through
   * @param injector the session's capture decorator
   * @param train what {@code injector} plays
   * @param analysis the engine's analysis settings, for the envelope lag
   * @param input the capture device's name, for messages
   * @param output the playback device's name, for messages
   */
  public LatencyRun(
      LiveSession session,
      ProbeInjector injector,
      ProbeTrain train,
      AnalysisSettings analysis,
      String input,
      String output) {
    this.session = session;
    this.injector = injector;
    this.train = train;
    this.envelope = new EnvelopeLag(analysis);
    this.input = input;
    this.output = output;
    this.rate = train.rateHz();
  }

  /**
   * The modes of each segment: per round pass-through, then the voices, forwards in odd rounds and
   * backwards in even ones.
   */
  public static List<String> segments(List<String> voices, int rounds) {
    List<String> order = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      order.add(PASS_THROUGH);
      for (int i = 0; i < voices.size(); i++) {
        order.add(voices.get(r % 2 == 0 ? i : voices.size() - 1 - i));
      }
    }
    return order;
  }

  /**
   * @param seconds the probe time asked for
   * @param voices how many voices besides pass-through
   * @param train the probe of each segment
   * @return the rounds that fill it best, at least one
   */
  public static int rounds(double seconds, int voices, ProbeTrain train) {
    double segment = (double) train.length() / train.rateHz();
    return Math.max(1, (int) Math.round(seconds / (segment * (voices + 1))));
  }

  /**
   * Plays every segment and gathers the figures.
   *
   * @param voices the voices, the first one the session started with
   * @param rounds how many times to play every mode
   * @param progress hears about each segment
   * @return one result per mode, pass-through first
   * @throws LatencyRunException when pass-through brings no probe back, or a device stops
   */
  public List<ModeResult> run(List<String> voices, int rounds, Progress progress)
      throws LatencyRunException, InterruptedException {
    awaitFirstStatus();
    List<String> segments = segments(voices, rounds);
    Map<String, Accumulator> modes = new LinkedHashMap<>();
    modes.put(PASS_THROUGH, new Accumulator());
    for (String v : voices) {
      modes.put(v, new Accumulator());
    }
    String loaded = voices.get(0);
    for (int i = 0; i < segments.size(); i++) {
      String mode = segments.get(i);
      progress.update(i, segments.size(), mode);
      if (mode.equals(PASS_THROUGH)) {
        session.setBypass(true);
      } else {
        if (!mode.equals(loaded)) {
          session.setVoice(mode);
          loaded = mode;
        }
        session.setBypass(false);
      }
      Thread.sleep(SETTLE_MILLIS);
      checkRunning();
      segment(mode, modes.get(mode));
    }
    progress.update(segments.size(), segments.size(), null);
    List<ModeResult> results = new ArrayList<>();
    for (Map.Entry<String, Accumulator> e : modes.entrySet()) {
      results.add(e.getValue().result(e.getKey()));
    }
    return results;
  }

  private void segment(String mode, Accumulator into)
      throws LatencyRunException, InterruptedException {
    LiveStatus before = session.status();
    into.algorithmic = session.algorithmicLatencyMillis();
    long start = injector.arm(DEVICE_TIMEOUT_MILLIS);
    if (start < 0) {
      throw stopped();
    }
    if (firstProbeFrame < 0) {
      firstProbeFrame = start;
    }
    int noise = frames(NOISE_MILLIS);
    int maxTrip = frames(MAX_ROUND_TRIP_MILLIS);
    long from = start - noise;
    int sent0 = noise + train.clickOnsetFrame(0);
    awaitCaptured(Math.max(from + sent0 + maxTrip, start + train.length()));
    float[] env = Onsets.envelope(injector.raw(from, sent0 + maxTrip), rate);
    float threshold = Math.max(ABSOLUTE_FLOOR, SNR_FACTOR * Onsets.rms(env, 0, noise));
    int first = Onsets.firstEvent(env, sent0, sent0 + maxTrip, threshold, rate);
    into.sent += ProbeTrain.CLICKS;
    if (first < 0) {
      if (mode.equals(PASS_THROUGH)) {
        throw new LatencyRunException(
            "no probe came back on "
                + input
                + " within "
                + MAX_ROUND_TRIP_MILLIS
                + " ms: is "
                + output
                + " looped back to "
                + input
                + "?");
      }
      into.lags.add(Double.NaN);
      return;
    }
    int tail = frames(EnvelopeLag.marginAfterMillis() + TAIL_MILLIS);
    int length = noise + train.length() + (first - sent0) + tail;
    awaitCaptured(from + length);
    float[] raw = injector.raw(from, length);
    env = Onsets.envelope(raw, rate);
    List<Integer> trips = new ArrayList<>();
    for (Arrival a : clickArrivals(env, noise, first, threshold)) {
      trips.add(a.tripFrames());
      into.trips.add(a.tripFrames() * 1000.0 / rate);
      into.sentSeconds.add(
          (start + train.clickOnsetFrame(a.click()) - firstProbeFrame) / (double) rate);
    }
    into.lags.add(speechLag(raw, noise, trips));
    LiveStatus after = session.status();
    if (before != null && after != null) {
      into.xruns += after.underruns() + after.overruns() - before.underruns() - before.overruns();
      into.drift.add(after.driftPpm());
    }
  }

  /** Each click found, the first one at {@code first}. */
  private List<Arrival> clickArrivals(float[] env, int noise, int first, float threshold) {
    List<Arrival> trips = new ArrayList<>();
    int spacing = train.clickSpacingFrames();
    int arrival = first;
    trips.add(new Arrival(0, first - (noise + train.clickOnsetFrame(0))));
    for (int k = 1; k < ProbeTrain.CLICKS; k++) {
      int sent = noise + train.clickOnsetFrame(k);
      int found =
          Onsets.firstEvent(env, arrival + spacing / 2, arrival + 3 * spacing / 2, threshold, rate);
      if (found > sent) {
        trips.add(new Arrival(k, found - sent));
        arrival = found;
      } else {
        arrival += spacing;
      }
    }
    return trips;
  }

  /** The envelope lag of the speech, aligned by the median click round trip of this segment. */
  private double speechLag(float[] raw, int noise, List<Integer> trips) {
    List<Double> frames = new ArrayList<>();
    for (int t : trips) {
      frames.add((double) t);
    }
    int trip = (int) Math.round(Spread.median(frames));
    int before = frames(EnvelopeLag.marginBeforeMillis());
    int after = frames(EnvelopeLag.marginAfterMillis());
    int at = noise + train.speechStart() + trip - before;
    int length = before + train.speech().length + after;
    if (at < 0 || at + length > raw.length) {
      return Double.NaN;
    }
    float[] returned = new float[length];
    System.arraycopy(raw, at, returned, 0, length);
    return envelope.lagMillis(train.speech(), returned, rate);
  }

  private void awaitFirstStatus() throws LatencyRunException, InterruptedException {
    long deadline = System.nanoTime() + 2 * DEVICE_TIMEOUT_MILLIS * 1_000_000L;
    while (session.status() == null) {
      checkRunning();
      if (System.nanoTime() - deadline > 0) {
        throw stopped();
      }
      Thread.sleep(50);
    }
    Thread.sleep(START_MILLIS);
  }

  private void awaitCaptured(long frame) throws LatencyRunException, InterruptedException {
    long wait = (frame - injector.capturedFrames()) * 1000 / rate + DEVICE_TIMEOUT_MILLIS;
    if (!injector.awaitCaptured(frame, wait)) {
      throw stopped();
    }
    checkRunning();
  }

  private void checkRunning() throws LatencyRunException {
    if (session.state() != LiveSession.State.RUNNING) {
      throw new LatencyRunException(
          "the audio devices stopped during the run ('"
              + input
              + "' and '"
              + output
              + "'); check that they are still there");
    }
  }

  private LatencyRunException stopped() {
    return new LatencyRunException(
        "capture device '" + input + "' stopped delivering audio; check that it is still there");
  }

  private int frames(double millis) {
    return (int) Math.round(millis * rate / 1000);
  }

  /** Click {@code click} of a segment's train came back {@code tripFrames} after it was sent. */
  private record Arrival(int click, int tripFrames) {}

  /** One mode's figures as the segments add them. */
  private static final class Accumulator {
    final List<Double> trips = new ArrayList<>();
    final List<Double> sentSeconds = new ArrayList<>();
    final List<Double> lags = new ArrayList<>();
    final List<Double> drift = new ArrayList<>();
    int sent;
    long xruns;
    double algorithmic = Double.NaN;

    ModeResult result(String mode) {
      return new ModeResult(mode, sent, trips, sentSeconds, lags, algorithmic, xruns, drift);
    }
  }
}
