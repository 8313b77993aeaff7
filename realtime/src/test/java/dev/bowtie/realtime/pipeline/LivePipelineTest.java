package dev.bowtie.realtime.pipeline;

import static dev.bowtie.realtime.pipeline.PipelineHarness.BLOCK;
import static dev.bowtie.realtime.pipeline.PipelineHarness.DEVICE_RATE;
import static dev.bowtie.realtime.pipeline.PipelineHarness.HOP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.realtime.ring.WaitStrategyKind;
import java.lang.management.ManagementFactory;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LivePipelineTest {

  @Test
  void shouldPlayTheVoicesGainAtTheDeviceRate() {
    try (PipelineHarness h =
        new PipelineHarness(new TestVoices.Gain(HOP, 0.5f, 0), WaitStrategyKind.BLOCKING)) {
      float[] out = h.run(PipelineHarness.sine(440, 0.4f, DEVICE_RATE * 2));
      float peak = PipelineHarness.peak(out, DEVICE_RATE, 2 * DEVICE_RATE);
      assertEquals(0.2f, peak, 0.006f, "a 0.4 sine through gain 0.5 peaks at 0.2");
      assertEquals(0, h.pipeline.counters().underruns.get());
      assertEquals(0, h.pipeline.counters().overruns.get());
    }
  }

  /**
   * Runs 10 000 hops after warm-up in five windows and counts the bytes the voice thread and the
   * capture/playback stages allocate. Any allocation per hop would cost at least 16 bytes a hop
   * (160 kB in total); the JVM itself occasionally allocates a few hundred bytes once on a thread
   * (deoptimisation, monitor wait), so the proof is: at most 2 KiB in total and most windows at
   * exactly zero.
   */
  @Test
  @Tag("allocation")
  void shouldAllocateNothingOnTheAudioPathAfterWarmUp() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (PipelineHarness h =
        new PipelineHarness(new TestVoices.Gain(HOP, 0.8f, 40), WaitStrategyKind.BLOCKING)) {
      LiveSettings a = h.pipeline.settings().withWetMix(0.5f);
      LiveSettings b = a.withBypass(true);
      float[] signal = PipelineHarness.sine(300, 0.3f, BLOCK);
      float[] sink = new float[BLOCK];
      for (int i = 0; i < 5_000; i++) {
        h.step(signal, 0, sink, 0);
        h.pipeline.setSettings(i % 100 < 50 ? a : b);
      }
      long voiceId = h.pipeline.voiceThread().getId();
      long testId = Thread.currentThread().getId();
      long[] voiceBytes = new long[5];
      long[] stageBytes = new long[5];
      for (int w = 0; w < 5; w++) {
        long voiceBefore = threads.getThreadAllocatedBytes(voiceId);
        for (int i = 0; i < 2_000; i++) {
          // Only the stage calls count on this thread; swapping settings is the control side.
          long before = threads.getThreadAllocatedBytes(testId);
          h.step(signal, 0, sink, 0);
          stageBytes[w] += threads.getThreadAllocatedBytes(testId) - before;
          h.pipeline.setSettings(i % 100 < 50 ? a : b);
        }
        voiceBytes[w] = threads.getThreadAllocatedBytes(voiceId) - voiceBefore;
      }
      assertQuiet("voice thread", voiceBytes);
      assertQuiet("capture and playback stages", stageBytes);
      assertTrue(h.pipeline.counters().processedHops.get() >= 15_000);
    }
  }

  private static void assertQuiet(String who, long[] windows) {
    String all = java.util.Arrays.toString(windows);
    assertTrue(
        java.util.Arrays.stream(windows).sum() <= 2048,
        who + " allocated " + all + " bytes in five windows of 2000 hops");
    assertTrue(
        java.util.Arrays.stream(windows).filter(b -> b == 0).count() >= 3,
        who + " allocated in most windows: " + all);
  }

  @Test
  void shouldNeverPlayNanOrInfinityWhenTheVoiceBreaks() {
    try (PipelineHarness h =
        new PipelineHarness(new TestVoices.Broken(HOP, 5), WaitStrategyKind.BLOCKING)) {
      float[] out = h.run(PipelineHarness.sine(440, 0.4f, DEVICE_RATE));
      for (float x : out) {
        assertTrue(Float.isFinite(x));
      }
      long hops = h.pipeline.counters().processedHops.get();
      assertEquals(hops / 5, h.pipeline.counters().voiceFaults.get());
      // Faulty hops are replaced by the dry input, so the sine continues at full level.
      assertEquals(0.4f, PipelineHarness.peak(out, DEVICE_RATE / 2, DEVICE_RATE), 0.01f);
    }
  }

  @Test
  void shouldLimitALoudVoiceToTheHearingSafeCeiling() {
    try (PipelineHarness h =
        new PipelineHarness(new TestVoices.Gain(HOP, 8f, 0), WaitStrategyKind.BLOCKING)) {
      float[] out = h.run(PipelineHarness.sine(440, 0.5f, DEVICE_RATE));
      float peak = PipelineHarness.peak(out, 0, out.length);
      assertTrue(peak <= OutputGuard.DEFAULT_CEILING, "peak " + peak);
      assertTrue(peak > 0.9f * OutputGuard.DEFAULT_CEILING, "peak " + peak);
    }
  }

  @Test
  void shouldCrossfadeAVoiceSwitchWithoutAClick() {
    // Switching from +x to -x at once would jump by up to twice the amplitude (1.0).
    try (PipelineHarness h =
        new PipelineHarness(new TestVoices.Gain(HOP, 1f, 0), WaitStrategyKind.BLOCKING)) {
      float[] signal = PipelineHarness.sine(200, 0.5f, DEVICE_RATE * 2);
      float[] out = new float[signal.length];
      for (int off = 0; off < signal.length; off += BLOCK) {
        if (off == DEVICE_RATE) {
          h.pipeline.setSettings(
              h.pipeline.settings().withVoice("inverted", new TestVoices.Gain(HOP, -1f, 0)));
        }
        h.step(signal, off, out, off);
      }
      float steepestSine = (float) (2 * Math.PI * 200 / DEVICE_RATE * 0.5);
      float steepest = maxStep(out, DEVICE_RATE / 2, out.length);
      assertTrue(steepest < 1.5f * steepestSine, "largest sample step " + steepest);
      // After the switch the output is inverted: correlation with the input is negative.
      assertTrue(correlation(signal, out, out.length - DEVICE_RATE / 2, out.length) < -0.5);
    }
  }

  @Test
  void shouldCountTheFaultsOfEveryVoiceUsedInTheStatus() {
    try (PipelineHarness h =
        new PipelineHarness(new TestVoices.SelfGuarding(HOP, 10), WaitStrategyKind.BLOCKING)) {
      LiveStatusSampler sampler = new LiveStatusSampler(h.pipeline);
      float[] signal = PipelineHarness.sine(200, 0.5f, BLOCK * 150);
      float[] out = new float[signal.length];
      for (int off = 0; off < BLOCK * 100; off += BLOCK) {
        h.step(signal, off, out, off);
      }
      assertEquals(10, sampler.sample().voiceFaults(), "faults of the first voice");
      h.pipeline.setSettings(
          h.pipeline.settings().withVoice("second", new TestVoices.SelfGuarding(HOP, 5)));
      for (int off = BLOCK * 100; off < signal.length; off += BLOCK) {
        h.step(signal, off, out, off);
      }
      // The first voice keeps its 10 (it may run once more in the fade, not reaching its 20th
      // hop); the second voice faults on every fifth of its 50 hops.
      assertEquals(20, sampler.sample().voiceFaults(), "faults of both voices");
    }
  }

  @Test
  void shouldSaySettledOnlyOnceTheSwitchedOutVoiceIsNoLongerUsed() throws Exception {
    TestVoices.Gain old = new TestVoices.Gain(HOP, 1f, 0);
    try (PipelineHarness h = new PipelineHarness(old, WaitStrategyKind.BLOCKING)) {
      float[] signal = PipelineHarness.sine(200, 0.5f, BLOCK * 200);
      float[] out = new float[signal.length];
      for (int off = 0; off < BLOCK * 100; off += BLOCK) {
        h.step(signal, off, out, off);
      }
      LiveSettings next = h.pipeline.settings().withVoice("next", new TestVoices.Gain(HOP, 2f, 0));
      h.pipeline.setSettings(next);
      // No hop has been processed since the switch: the old voice is still needed for the fade.
      assertFalse(h.pipeline.awaitSettled(next, 50_000_000L), "settled before any hop");
      h.step(signal, BLOCK * 100, out, BLOCK * 100);
      assertFalse(h.pipeline.awaitSettled(next, 0), "settled one hop into a 10 ms fade");
      for (int off = BLOCK * 101; off < BLOCK * 110; off += BLOCK) {
        h.step(signal, off, out, off);
      }
      assertTrue(h.pipeline.awaitSettled(next, 1_000_000_000L), "settled after the fade");
      int usedUntilSettled = old.hopsProcessed;
      for (int off = BLOCK * 110; off < signal.length; off += BLOCK) {
        h.step(signal, off, out, off);
      }
      assertEquals(usedUntilSettled, old.hopsProcessed, "hops of the old voice after settling");
    }
  }

  @Test
  void shouldCrossfadeBypassWithoutAClickEvenWhenTheVoiceHasLatency() {
    try (PipelineHarness h =
        new PipelineHarness(new TestVoices.Gain(HOP, 1f, 40), WaitStrategyKind.BLOCKING)) {
      float[] signal = PipelineHarness.sine(200, 0.5f, DEVICE_RATE * 2);
      float[] out = new float[signal.length];
      for (int off = 0; off < signal.length; off += BLOCK) {
        if (off == DEVICE_RATE) {
          h.pipeline.setSettings(h.pipeline.settings().withBypass(true));
        }
        h.step(signal, off, out, off);
      }
      float steepestSine = (float) (2 * Math.PI * 200 / DEVICE_RATE * 0.5);
      assertTrue(maxStep(out, DEVICE_RATE / 2, out.length) < 1.5f * steepestSine);
    }
  }

  @Test
  void shouldNotFallBackForAStallThatDrainsAtOnceButForOneThatPilesUp() {
    TestVoices.Stalling voice = new TestVoices.Stalling(HOP);
    try (PipelineHarness h = new PipelineHarness(voice, WaitStrategyKind.BLOCKING)) {
      LivePipeline p = h.pipeline;
      float[] signal = PipelineHarness.sine(300, 0.5f, BLOCK);
      // The voice thread is held while 10 hops (50 ms) arrive, then runs: a burst, not a voice
      // too slow for real time.
      stallWhileCapturing(p, voice, signal, 10);
      assertEquals(0, p.counters().slowFallbacks.get(), "fallbacks after a 50 ms stall");
      // Held while 18 hops arrive: 16 wait behind the next one, 80 ms of latency added, so the
      // loop plays dry to drain them.
      stallWhileCapturing(p, voice, signal, 18);
      assertEquals(1, p.counters().slowFallbacks.get(), "fallbacks after a 90 ms stall");
    }
  }

  private static void stallWhileCapturing(
      LivePipeline p, TestVoices.Stalling voice, float[] block, int hops) {
    voice.stalled = true;
    p.capture().onDeviceBlock(block, BLOCK, System.nanoTime());
    // Let the voice thread take the first hop and stall in it.
    LockSupport.parkNanos(20_000_000L);
    for (int i = 1; i < hops; i++) {
      p.capture().onDeviceBlock(block, BLOCK, System.nanoTime());
    }
    voice.stalled = false;
    assertTrue(p.awaitVoiceCaughtUp(1_000_000_000L), "the voice thread caught up");
  }

  /**
   * A sound server hands a long device buffer over in a few large pieces (measured on the test rig:
   * a quarter of it at a time, 24-52 hops), and after a hiccup all of it. Here each whole buffer
   * arrives while the voice thread is held, so it finds all but one hop waiting: a voice that keeps
   * up must still not fall back, and the rings must hold it.
   */
  @ParameterizedTest
  @ValueSource(ints = {500, 1000})
  void shouldNotFallBackWhenAWholeLongDeviceBufferArrivesAtOnceAndTheVoiceKeepsUp(
      int bufferMillis) {
    TestVoices.Stalling voice = new TestVoices.Stalling(HOP);
    int burstBlocks = DEVICE_RATE * bufferMillis / 1000 / BLOCK;
    LivePipeline.Config config =
        PipelineHarness.defaults().withCaptureBurst(DEVICE_RATE * bufferMillis / 1000);
    try (PipelineHarness h = new PipelineHarness(voice, config)) {
      LivePipeline p = h.pipeline;
      float[] signal = PipelineHarness.sine(300, 0.5f, BLOCK);
      float[] out = new float[BLOCK];
      for (int burst = 0; burst < 5; burst++) {
        stallWhileCapturing(p, voice, signal, burstBlocks);
        for (int i = 0; i < burstBlocks; i++) {
          p.playback().fillDeviceBlock(out, BLOCK, System.nanoTime());
        }
      }
      LiveCounters c = p.counters();
      assertEquals(5L * burstBlocks, c.processedHops.get(), "hops processed");
      assertEquals(0, c.slowFallbacks.get(), "fallbacks with " + bufferMillis + " ms buffers");
      assertEquals(0, c.overruns.get(), "overruns");
      assertEquals(0, c.outputDrops.get(), "output drops");
    }
  }

  /**
   * The same long buffers arriving on time, each at once, with a voice three times slower than real
   * time: the backlog grows by two thirds of a buffer a buffer, and the loop falls back to dry
   * before the input ring fills.
   */
  @ParameterizedTest
  @ValueSource(ints = {500, 1000})
  void shouldStillFallBackWithLongDeviceBuffersWhenTheVoiceIsSlowerThanRealTime(int bufferMillis) {
    int burstBlocks = DEVICE_RATE * bufferMillis / 1000 / BLOCK;
    LivePipeline.Config config =
        PipelineHarness.defaults().withCaptureBurst(DEVICE_RATE * bufferMillis / 1000);
    try (PipelineHarness h = new PipelineHarness(new TestVoices.Slow(HOP, 15_000_000L), config)) {
      LivePipeline p = h.pipeline;
      float[] signal = PipelineHarness.sine(300, 0.5f, BLOCK);
      long next = System.nanoTime();
      for (int burst = 0; burst < 3; burst++) {
        for (int i = 0; i < burstBlocks; i++) {
          p.capture().onDeviceBlock(signal, BLOCK, System.nanoTime());
        }
        next += bufferMillis * 1_000_000L;
        LockSupport.parkNanos(next - System.nanoTime());
      }
      assertTrue(p.awaitVoiceCaughtUp(30_000_000_000L), "the voice thread caught up");
      LiveCounters c = p.counters();
      assertTrue(c.slowFallbacks.get() >= 1, "fallbacks " + c.slowFallbacks.get());
      assertTrue(c.fallbackHops.get() >= burstBlocks, "dry hops " + c.fallbackHops.get());
      assertEquals(0, c.overruns.get(), "the input ring never filled");
    }
  }

  @Test
  void shouldFallBackToDryPassThroughWhenTheVoiceIsSlowerThanRealTime() {
    // The slow voice needs 8 ms for each 5 ms hop and outputs silence; the dry input is a sine.
    try (PipelineHarness h =
        new PipelineHarness(new TestVoices.Slow(HOP, 8_000_000L), WaitStrategyKind.BLOCKING)) {
      LivePipeline p = h.pipeline;
      float[] signal = PipelineHarness.sine(300, 0.5f, BLOCK);
      float[] out = new float[BLOCK];
      int blocks = 400;
      long period = 5_000_000L;
      long next = System.nanoTime();
      float lastSecondPeak = 0f;
      for (int i = 0; i < blocks; i++) {
        p.capture().onDeviceBlock(signal, BLOCK, System.nanoTime());
        p.playback().fillDeviceBlock(out, BLOCK, System.nanoTime());
        if (i >= blocks - 200) {
          lastSecondPeak = Math.max(lastSecondPeak, PipelineHarness.peak(out, 0, BLOCK));
        }
        next += period;
        LockSupport.parkNanos(next - System.nanoTime());
      }
      assertTrue(p.awaitVoiceCaughtUp(1_000_000_000L), "the voice thread caught up");
      LiveCounters c = p.counters();
      assertTrue(c.slowFallbacks.get() >= 1, "fallbacks " + c.slowFallbacks.get());
      assertTrue(
          c.fallbackHops.get() > c.processedHops.get() / 2,
          "dry hops " + c.fallbackHops.get() + " of " + c.processedHops.get());
      assertEquals(0, c.overruns.get(), "the input ring never filled");
      assertTrue(lastSecondPeak > 0.4f, "the dry sine is heard: peak " + lastSecondPeak);
    }
  }

  private static float maxStep(float[] x, int from, int to) {
    float m = 0f;
    for (int i = from + 1; i < to; i++) {
      m = Math.max(m, Math.abs(x[i] - x[i - 1]));
    }
    return m;
  }

  /** Best normalised correlation of y against x over lags 0..2000 samples, signed. */
  private static double correlation(float[] x, float[] y, int from, int to) {
    double best = 0;
    for (int lag = 0; lag <= 2000; lag++) {
      double xy = 0;
      double xx = 0;
      double yy = 0;
      for (int i = from; i < to; i++) {
        double a = x[i - lag];
        double b = y[i];
        xy += a * b;
        xx += a * a;
        yy += b * b;
      }
      double r = xy / Math.sqrt(xx * yy + 1e-30);
      if (Math.abs(r) > Math.abs(best)) {
        best = r;
      }
    }
    return best;
  }
}
