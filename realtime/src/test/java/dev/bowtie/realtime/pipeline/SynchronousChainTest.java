package dev.bowtie.realtime.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.dsp.SynthesisMode;
import dev.bowtie.realtime.testing.Allocations;
import dev.bowtie.realtime.testing.Signals;
import dev.bowtie.realtime.testing.TestSpeech;
import dev.bowtie.realtime.voice.DspVoice;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The chain a host drives from its own audio callback: same samples as {@code bowtie convert}'s
 * chain, moved by exactly the declared latency, for block sizes that are and are not multiples of
 * the hop; never short of a sample; faults replaced by the dry signal; nothing allocated per call.
 */
class SynchronousChainTest {
  private static final AnalysisSettings S = AnalysisSettings.DEFAULT;

  @ParameterizedTest(name = "{0} Hz, blocks of {1} frames")
  @CsvSource({
    "48000, 64",
    "48000, 128",
    "48000, 256",
    "48000, 1000",
    "44100, 1",
    "44100, 441",
    "22050, 333",
    "16000, 80",
    "8000, 1024"
  })
  void shouldGiveTheOfflineConversionDelayedByItsDeclaredLatency(int rateHz, int blockFrames)
      throws Exception {
    float[] speech = Signals.toFloats(TestSpeech.samples(sentence(), rateHz));
    float[] converted = new OfflinePipeline(rateHz, S.sampleRateHz(), childVoice()).convert(speech);

    SynchronousChain chain = new SynchronousChain(rateHz, S.sampleRateHz(), childVoice(), 1024);
    int latency = chain.latencyFrames();
    float[] in = Arrays.copyOf(speech, speech.length + latency + blockFrames);
    float[] out = new float[in.length];
    for (int off = 0; off + blockFrames <= in.length; off += blockFrames) {
      chain.process(in, off, out, off, blockFrames);
    }

    assertEquals(0, chain.counters().underruns.get(), "underruns");
    for (int i = 0; i < chain.bufferFrames(); i++) {
      assertEquals(0f, out[i], "the buffer starts silent, at " + i);
    }
    double maxDifference = 0;
    for (int i = 0; i < converted.length; i++) {
      maxDifference = Math.max(maxDifference, Math.abs(out[latency + i] - converted[i]));
    }
    System.out.printf(
        "synchronous chain at %d Hz, blocks of %d: latency %d frames (%.2f ms), largest"
            + " difference from convert %g%n",
        rateHz, blockFrames, latency, 1000.0 * latency / rateHz, maxDifference);
    assertEquals(0.0, maxDifference, "the chain differs from the offline conversion");
    assertTrue(Signals.rms(converted, 0, converted.length) > 0.01, "the voice is heard");
  }

  @ParameterizedTest(name = "{0} Hz")
  @CsvSource({"48000", "44100", "32000", "22050", "16000", "11025", "8000"})
  void shouldNeverRunShortWithTheMostRaggedBlocks(int rateHz) {
    // Blocks of 1 frame ask for output after every single input sample: the tightest case.
    int hop = S.hopSamples();
    SynchronousChain chain = new SynchronousChain(rateHz, S.sampleRateHz(), gainVoice(hop), 1024);
    float[] sine = Signals.sine(rateHz, 300, rateHz, 0.3, 0);
    float[] out = new float[sine.length];
    int[] sizes = {1, 1, 1, 7, 1, 63, 1024, 1, 500, 3};
    for (int off = 0, k = 0; off < sine.length; k++) {
      int n = Math.min(sizes[k % sizes.length], sine.length - off);
      chain.process(sine, off, out, off, n);
      off += n;
    }
    assertEquals(0, chain.counters().underruns.get(), "underruns at " + rateHz + " Hz");
    int latency = chain.latencyFrames();
    // The voice halves the sine; it comes out delayed by exactly the declared latency.
    double amplitude = Signals.toneAmplitude(out, latency + rateHz / 4, sine.length, 300, rateHz);
    assertEquals(0.15, amplitude, 0.005, "the halved sine at " + rateHz + " Hz");
    double error = 0;
    for (int i = latency + rateHz / 4; i < sine.length; i++) {
      error = Math.max(error, Math.abs(out[i] - 0.5f * sine[i - latency]));
    }
    assertTrue(error < 0.01, "output is the input delayed by the latency; off by " + error);
  }

  @Test
  void shouldReplaceABrokenVoicesHopsByTheDrySignalAndCountThem() {
    int rateHz = 48000;
    SynchronousChain chain =
        new SynchronousChain(
            rateHz,
            S.sampleRateHz(),
            new LiveSettings("broken", new TestVoices.Broken(S.hopSamples(), 5), false, 1f),
            256);
    float[] sine = Signals.sine(rateHz, 440, rateHz, 0.4, 0);
    float[] out = new float[sine.length];
    for (int off = 0; off + 256 <= sine.length; off += 256) {
      chain.process(sine, off, out, off, 256);
    }
    for (float x : out) {
      assertTrue(Float.isFinite(x));
    }
    LiveCounters c = chain.counters();
    assertEquals(c.processedHops.get() / 5, c.voiceFaults.get());
    assertEquals(0.4, Signals.toneAmplitude(out, rateHz / 2, sine.length - 256, 440, rateHz), 0.01);
  }

  /**
   * Allocation: after warm-up, calls with blocks of 64, 128, 256 and 1000 frames through a DSP
   * voice allocate nothing. Runs in the allocation JVM (no escape analysis), where every {@code
   * new} shows; the JVM itself may allocate a few hundred bytes once on a thread, so the proof is
   * at most 2 KiB over five windows and most windows at exactly zero.
   */
  @Test
  @Tag("allocation")
  void shouldAllocateNothingPerCallAfterWarmUp() {
    int rateHz = 44100;
    SynchronousChain chain = new SynchronousChain(rateHz, S.sampleRateHz(), childVoice(), 1000);
    float[] sine = Signals.sine(1000, 220, rateHz, 0.3, 0);
    float[] out = new float[1000];
    int[] sizes = {64, 128, 256, 1000};
    for (int i = 0; i < 4_000; i++) {
      chain.process(sine, out, sizes[i % sizes.length]);
    }
    long[] windows = new long[5];
    for (int w = 0; w < windows.length; w++) {
      long before = Allocations.allocatedByThisThread();
      for (int i = 0; i < 2_000; i++) {
        chain.process(sine, out, sizes[i % sizes.length]);
      }
      windows[w] = Allocations.allocatedByThisThread() - before;
    }
    String all = Arrays.toString(windows);
    assertTrue(Arrays.stream(windows).sum() <= 2048, "allocated " + all + " bytes");
    assertTrue(Arrays.stream(windows).filter(b -> b == 0).count() >= 3, "allocated in " + all);
    assertTrue(chain.counters().processedHops.get() > 10_000);
    assertEquals(0, chain.counters().voiceFaults.get());
  }

  private static java.nio.file.Path sentence() throws Exception {
    return TestSpeech.fliteWav("slt", TestSpeech.SENTENCE);
  }

  private static LiveSettings childVoice() {
    return new LiveSettings(
        "child", new VoiceEngine(S, DspVoice.child(S.order()), SynthesisMode.VOCODER), false, 1f);
  }

  private static LiveSettings gainVoice(int hop) {
    return new LiveSettings("half", new TestVoices.Gain(hop, 0.5f, 0), false, 1f);
  }
}
