package dev.bowtie.realtime.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.dsp.SynthesisMode;
import dev.bowtie.realtime.testing.TestSpeech;
import dev.bowtie.realtime.voice.DspVoice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code bowtie convert}'s chain against {@code bowtie live}'s: the same speech through the offline
 * driver and through a {@link LivePipeline} (its voice thread running) driven block by block as the
 * device threads drive it, on one simulated clock, must give the same samples.
 *
 * <p>The live reference runs with drift compensation off: on one clock there is no drift, but the
 * controller's age measure still moves with the hop grid (about 30 ppm at 22.05 kHz with 160-frame
 * blocks), which would resample the stream. Live playback then starts with a few hops of silence
 * while the queue fills; the comparison shifts by them, which is exact only when they last a whole
 * number of device samples (an even count at 44.1 kHz): the blocks are chosen so, and under two
 * hops long, so that driving capture and playback in turn never underruns the 1.5-hop margin.
 */
class OfflinePipelineTest {
  private static final AnalysisSettings S = AnalysisSettings.DEFAULT;

  @Test
  void shouldGiveTheSameSamplesStreamedInRaggedBlocksAsWhole() throws Exception {
    int rateHz = 22050;
    float[] speech =
        floats(TestSpeech.samples(TestSpeech.fliteWav("slt", TestSpeech.SENTENCE), rateHz));
    float[] whole = new OfflinePipeline(rateHz, S.sampleRateHz(), childVoice()).convert(speech);

    OfflinePipeline streamed = new OfflinePipeline(rateHz, S.sampleRateHz(), childVoice());
    float[] out = new float[streamed.maxOutputFrames()];
    float[] result = new float[speech.length];
    int[] sizes = {1, 333, OfflinePipeline.BLOCK_FRAMES, 77, 1000};
    int produced = 0;
    for (int offset = 0, k = 0; offset < speech.length; k++) {
      int n = Math.min(sizes[k % sizes.length], speech.length - offset);
      int m = streamed.convert(speech, offset, n, out);
      System.arraycopy(out, 0, result, produced, m);
      produced += m;
      offset += n;
    }
    for (int m; (m = streamed.drain(out)) > 0; produced += m) {
      System.arraycopy(out, 0, result, produced, m);
    }
    assertEquals(speech.length, produced);
    assertArrayEquals(whole, result);
  }

  @ParameterizedTest(name = "{0} Hz, live blocks of {1} frames")
  @CsvSource({"44100, 220", "48000, 256", "8000, 64"})
  void shouldGiveTheLiveLoopsSamplesExactly(int rateHz, int blockFrames) throws Exception {
    float[] speech =
        floats(TestSpeech.samples(TestSpeech.fliteWav("slt", TestSpeech.SENTENCE), rateHz));

    OfflinePipeline offline = new OfflinePipeline(rateHz, S.sampleRateHz(), childVoice());
    float[] converted = offline.convert(speech);
    assertEquals(speech.length, converted.length);
    assertEquals(0, offline.counters().overruns.get());
    assertEquals(0, offline.counters().slowFallbacks.get());

    LivePipeline.Config config =
        LivePipeline.Config.defaults(S.sampleRateHz(), S.hopSamples(), rateHz, rateHz, blockFrames)
            .withDriftCompensation(false);
    float[] played;
    int primingHops;
    LiveCounters c;
    try (LivePipeline live =
        new LivePipeline(
            config,
            childVoice(),
            r -> {
              Thread t = new Thread(r, "test-voice");
              t.setDaemon(true);
              return t;
            })) {
      live.start();
      // Room for the start-up silence and the chain's latency after the speech.
      int frames = speech.length + rateHz / 2;
      frames += blockFrames - frames % blockFrames;
      played = drive(live, speech, frames, blockFrames, rateHz);
      primingHops = live.playback().primingHops();
      c = live.counters();
    }
    assertEquals(0, c.underruns.get(), "underruns");
    assertEquals(0, c.overruns.get(), "overruns");
    assertEquals(0, c.skippedHops.get(), "skipped hops");
    assertEquals(0, c.slowFallbacks.get(), "slow fallbacks");
    assertEquals(0.0, c.driftPpm, "drift correction on one clock");

    // Live playback starts with primingHops hops of silence; the rest of its delay is the chain's.
    long silenceScaled = (long) primingHops * S.hopSamples() * rateHz;
    assertEquals(0, silenceScaled % S.sampleRateHz(), "start-up silence is whole device samples");
    int shift = offline.latencyFrames() + (int) (silenceScaled / S.sampleRateHz());
    double maxDifference = 0;
    double energy = 0;
    for (int i = 0; i < converted.length; i++) {
      maxDifference = Math.max(maxDifference, Math.abs(played[shift + i] - converted[i]));
      energy += converted[i] * converted[i];
    }
    double rmsDb = 10 * Math.log10(energy / converted.length);
    System.out.printf(
        "offline vs live at %d Hz (blocks of %d): %d samples, shift %d (%d priming hops),"
            + " largest difference %g, output %.1f dBFS RMS%n",
        rateHz, blockFrames, converted.length, shift, primingHops, maxDifference, rmsDb);
    assertEquals(0.0, maxDifference, "offline and live differ");
    assertTrue(rmsDb > -40, "the converted speech is heard: " + rmsDb + " dBFS");
  }

  /** The device threads' part: one capture block in, wait for the voice thread, one block out. */
  private static float[] drive(
      LivePipeline live, float[] speech, int frames, int blockFrames, int rateHz) {
    float[] in = new float[blockFrames];
    float[] out = new float[blockFrames];
    float[] played = new float[frames];
    long nanosPerBlock = 1_000_000_000L * blockFrames / rateHz;
    long clock = 0;
    for (int off = 0; off < frames; off += blockFrames) {
      java.util.Arrays.fill(in, 0f);
      if (off < speech.length) {
        System.arraycopy(speech, off, in, 0, Math.min(blockFrames, speech.length - off));
      }
      clock += nanosPerBlock;
      live.capture().onDeviceBlock(in, blockFrames, clock);
      assertTrue(live.awaitVoiceCaughtUp(5_000_000_000L), "voice thread caught up");
      live.playback().fillDeviceBlock(out, blockFrames, clock);
      System.arraycopy(out, 0, played, off, blockFrames);
    }
    return played;
  }

  private static LiveSettings childVoice() {
    return new LiveSettings(
        "child", new VoiceEngine(S, DspVoice.child(S.order()), SynthesisMode.VOCODER), false, 1f);
  }

  private static float[] floats(double[] x) {
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      f[i] = (float) x[i];
    }
    return f;
  }
}
