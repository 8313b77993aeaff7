package dev.bowtie.realtime.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.realtime.ring.WaitStrategyKind;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Runs the real pipeline against a simulated pair of device clocks that disagree by 10 Hz at 48 kHz
 * (about 208 ppm, a common crystal mismatch between a USB microphone and a sound card). Time is
 * simulated, so ten minutes of audio take seconds; everything else (rings, voice thread,
 * resamplers, drift corrector) is the loop Bowtie runs.
 */
class DriftCompensationTest {
  private static final int BLOCK = 240;
  private static final int MINUTES = 10;
  private static final int MINUTES_HOUR = 60;

  /** The queue between capture and playback over a simulated run, per simulated minute. */
  private record Run(
      double[] meanQueuedMillisPerMinute,
      double marginMillis,
      LiveCounters counters,
      long underrunsAfterSettling,
      long skipsAfterSettling) {}

  /** What goes wrong now and then in a simulated run (see {@link Scenario}). */
  private enum Hiccup {
    /** Nothing. */
    NONE,
    /** Capture holds its blocks back, then delivers them at once (a bursty microphone). */
    CAPTURE_BURST,
    /** The voice thread is descheduled (a busy machine, a GC pause); playback goes on. */
    VOICE_STALL
  }

  /**
   * One simulated run.
   *
   * @param rateHz nominal rate of both devices
   * @param block frames per device block, both directions
   * @param captureHz the capture clock's true rate
   * @param playbackHz the playback clock's true rate
   * @param compensate drift compensation on or off
   * @param minutes simulated run length
   * @param hiccup what goes wrong, once a period, half way through it
   * @param hiccupMillis for how long
   * @param periodSeconds how often
   */
  private record Scenario(
      int rateHz,
      int block,
      double captureHz,
      double playbackHz,
      boolean compensate,
      int minutes,
      Hiccup hiccup,
      double hiccupMillis,
      double periodSeconds) {
    static Scenario clocks(double captureHz, double playbackHz) {
      return new Scenario(48000, BLOCK, captureHz, playbackHz, true, MINUTES, Hiccup.NONE, 0, 60);
    }

    Scenario uncompensated() {
      return new Scenario(
          rateHz,
          block,
          captureHz,
          playbackHz,
          false,
          minutes,
          hiccup,
          hiccupMillis,
          periodSeconds);
    }

    Scenario forMinutes(int m) {
      return new Scenario(
          rateHz, block, captureHz, playbackHz, compensate, m, hiccup, hiccupMillis, periodSeconds);
    }

    Scenario with(Hiccup h, double millis, double everySeconds) {
      return new Scenario(
          rateHz, block, captureHz, playbackHz, compensate, minutes, h, millis, everySeconds);
    }

    /** Whether time {@code t} (seconds) falls inside its period's hiccup. */
    boolean inHiccup(double t) {
      double into = t % periodSeconds;
      double half = periodSeconds / 2;
      return hiccup != Hiccup.NONE && into >= half && into < half + hiccupMillis / 1e3;
    }

    /** When a block captured at {@code t} reaches the loop: at once, or when a burst ends. */
    double delivered(double t) {
      if (hiccup == Hiccup.CAPTURE_BURST && inHiccup(t)) {
        return t - t % periodSeconds + periodSeconds / 2 + hiccupMillis / 1e3;
      }
      return t;
    }
  }

  private static Run simulate(Scenario s) {
    int block = s.block();
    LivePipeline.Config config =
        LivePipeline.Config.defaults(16000, 80, s.rateHz(), s.rateHz(), block)
            .withWaitStrategy(WaitStrategyKind.YIELDING)
            .withDriftCompensation(s.compensate());
    TestVoices.Stalling voice = new TestVoices.Stalling(80);
    LivePipeline p =
        new LivePipeline(
            config,
            new LiveSettings("passthrough", voice, false, 1f),
            r -> {
              Thread t = new Thread(r, "drift-voice");
              t.setDaemon(true);
              return t;
            });
    p.start();
    try {
      float[] in = PipelineHarness.sine(300, 0.3f, block);
      float[] out = new float[block];
      double capturePeriod = block / s.captureHz();
      double playbackPeriod = block / s.playbackHz();
      double nextCapture = 0;
      double nextPlayback = 0;
      int minutes = s.minutes();
      double[] sum = new double[minutes];
      long[] count = new long[minutes];
      double end = minutes * 60.0;
      long underrunsAtSettling = -1;
      long skipsAtSettling = -1;
      while (nextPlayback < end) {
        double delivery = s.delivered(nextCapture);
        if (delivery <= nextPlayback) {
          p.capture().onDeviceBlock(in, block, (long) (delivery * 1e9));
          nextCapture += capturePeriod;
        } else {
          boolean stalled = s.hiccup() == Hiccup.VOICE_STALL && s.inHiccup(nextPlayback);
          voice.stalled = stalled;
          if (!stalled && !p.awaitVoiceCaughtUp(5_000_000_000L)) {
            throw new AssertionError("voice thread stalled");
          }
          p.playback().fillDeviceBlock(out, block, (long) (nextPlayback * 1e9));
          int minute = (int) (nextPlayback / 60.0);
          if (minute >= 2 && underrunsAtSettling < 0) {
            underrunsAtSettling = p.counters().underruns.get();
            skipsAtSettling = p.counters().skippedHops.get();
          }
          sum[minute] += p.queuedMillis();
          count[minute]++;
          nextPlayback += playbackPeriod;
        }
      }
      double[] mean = new double[minutes];
      for (int m = 0; m < minutes; m++) {
        mean[m] = sum[m] / count[m];
      }
      LiveCounters c = p.counters();
      return new Run(
          mean,
          config.marginSamples() / 16.0,
          c,
          c.underruns.get() - underrunsAtSettling,
          c.skippedHops.get() - skipsAtSettling);
    } finally {
      voice.stalled = false;
      p.close();
    }
  }

  private static void assertFlat(Run run) {
    double reference = run.meanQueuedMillisPerMinute()[2];
    for (int m = 2; m < run.meanQueuedMillisPerMinute().length; m++) {
      double q = run.meanQueuedMillisPerMinute()[m];
      assertEquals(reference, q, 1.0, "mean queue in minute " + m + " vs minute 2 (ms)");
    }
    // The low-water mark is held between the margin minus half a hop and the margin plus two hops;
    // the mean queue adds up to one more hop of block phase.
    assertTrue(
        reference < run.marginMillis() + 3 * 5.0,
        "queue settles near its margin (" + run.marginMillis() + " ms): " + reference + " ms");
    assertEquals(0, run.counters().overruns.get(), "overruns");
    // Start-up may settle the queue once; after two minutes nothing is lost or inserted.
    assertEquals(0, run.skipsAfterSettling(), "skipped hops after two minutes");
    assertEquals(0, run.underrunsAfterSettling(), "underruns after two minutes");
  }

  @Test
  void shouldKeepLatencyFlatWhenPlaybackClockRunsFast() {
    Run run = simulate(Scenario.clocks(48000, 48010));
    assertFlat(run);
    assertEquals(-208, run.counters().driftPpm, 60, "correction in ppm");
  }

  @Test
  void shouldKeepLatencyFlatWhenCaptureClockRunsFast() {
    Run run = simulate(Scenario.clocks(48010, 48000));
    assertFlat(run);
    assertEquals(208, run.counters().driftPpm, 60, "correction in ppm");
  }

  @Test
  void shouldKeepLatencyFlatForAnHour() {
    Run run = simulate(Scenario.clocks(48000, 48010).forMinutes(MINUTES_HOUR));
    assertFlat(run);
    assertEquals(-208, run.counters().driftPpm, 60, "correction in ppm");
  }

  @Test
  void shouldNotUnderrunWithDeviceBlocksLongerThanAHop() {
    // 1024 frames at 44.1 kHz is 23 ms, more than four hops: playback takes that much at once, so
    // the queue's low-water mark must cover a whole block, not just a hop.
    Run run = simulate(new Scenario(44100, 1024, 44100, 44100, true, MINUTES, Hiccup.NONE, 0, 60));
    assertFlat(run);
  }

  @Test
  void shouldNotRatchetLatencyUpAfterVoiceStalls() {
    // Each stall starves playback (underruns raise the latency target by a hop); ten of them must
    // not add up to ten hops of extra latency.
    Run run = simulate(Scenario.clocks(48000, 48010).with(Hiccup.VOICE_STALL, 12, 60));
    assertNoRatchet(run);
    LiveCounters c = run.counters();
    assertEquals(c.underruns.get(), c.voiceLateUnderruns.get(), "underruns the voice caused");
  }

  @Test
  void shouldNotRatchetLatencyUpAfterCaptureBursts() {
    Run run = simulate(Scenario.clocks(48000, 48010).with(Hiccup.CAPTURE_BURST, 15, 60));
    assertNoRatchet(run);
    assertEquals(0, run.counters().voiceLateUnderruns.get(), "underruns blamed on the voice");
  }

  @Test
  void shouldHoldTheQueueThroughFrequentCaptureBursts() {
    // A burst every 7 s, longer than the margin: each starves playback and then leaves stale
    // audio to cut. The latency target must stay where the cut leaves the queue, not climb.
    Run run = simulate(Scenario.clocks(48000, 48010).with(Hiccup.CAPTURE_BURST, 40, 7));
    assertNoRatchet(run);
  }

  /**
   * Hiccups now and then must not ratchet latency up: the mean queue over minutes 6 to 9 is no
   * higher than over minutes 2 to 5, and the steering has not been left chasing a target the
   * stale-audio cut keeps out of reach.
   */
  private static void assertNoRatchet(Run run) {
    double[] perMinute = run.meanQueuedMillisPerMinute();
    String all = Arrays.toString(perMinute);
    assertTrue(run.counters().underruns.get() > 0, "the hiccups starve playback");
    double early = Arrays.stream(perMinute, 2, 6).average().orElseThrow();
    double late = Arrays.stream(perMinute, 6, 10).average().orElseThrow();
    assertTrue(late < early + 1.0, "mean queue, minutes 6-9 vs 2-5 (ms): " + all);
    LiveCounters c = run.counters();
    double chase = (c.targetLatencyNanos - c.heldLatencyNanos) / 1e6;
    assertTrue(chase < 5.0, "target above the held latency at the end (ms): " + chase);
    assertEquals(0, run.counters().overruns.get(), "overruns");
  }

  @Test
  void shouldGlitchRegularlyWithoutCompensation() {
    // The same clocks without correction: the surplus must be thrown away hop by hop (a glitch
    // about every half minute), or in the other direction the loop starves (an underrun each time).
    Run fastCapture = simulate(Scenario.clocks(48010, 48000).uncompensated());
    assertTrue(
        fastCapture.counters().skippedHops.get() >= 15,
        "skipped hops " + fastCapture.counters().skippedHops.get());
    Run fastPlayback = simulate(Scenario.clocks(48000, 48010).uncompensated());
    assertTrue(
        fastPlayback.counters().underruns.get() >= 15,
        "underruns " + fastPlayback.counters().underruns.get());
  }
}
