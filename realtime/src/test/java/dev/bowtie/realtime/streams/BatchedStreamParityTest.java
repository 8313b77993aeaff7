package dev.bowtie.realtime.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.dsp.SynthesisMode;
import dev.bowtie.realtime.model.InferenceDevice;
import dev.bowtie.realtime.model.VoiceModel;
import dev.bowtie.realtime.model.VoicePack;
import dev.bowtie.realtime.pipeline.VoiceEngine;
import dev.bowtie.realtime.testing.Signals;
import dev.bowtie.realtime.testing.TestPacks;
import dev.bowtie.realtime.testing.TestSpeech;
import dev.bowtie.realtime.voice.IdentityVoice;
import dev.bowtie.realtime.voice.NeuralVoice;
import dev.bowtie.realtime.voice.VoiceTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * N streams through one {@link BatchedStreamEngine} sound the same as N separate single-stream
 * engines ({@link VoiceEngine} with its own {@link NeuralVoice}), stream by stream, when the
 * streams hear different speech and speak as different voices.
 */
class BatchedStreamParityTest {
  private static final AnalysisSettings S = AnalysisSettings.DEFAULT;
  private static final double RELATIVE_TOLERANCE = 1e-5;
  private static final String[] VOICES = {
    "slt", "rms", "awb", "slt:0.5,rms:0.5", "rms:0.7,awb:0.3"
  };

  /** More streams than voices, so some streams share a voice but still hear different speech. */
  private static final int STREAMS = 16;

  private static VoiceModel model;
  private static float[] speech;
  @TempDir Path dir;

  @BeforeAll
  static void open() throws Exception {
    model = TestPacks.openOnCpu();
    speech = Signals.toFloats(TestSpeech.sltSentence());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static List<VoiceTarget> targets(VoiceModel model) {
    List<VoiceTarget> targets = new ArrayList<>();
    for (int s = 0; s < STREAMS; s++) {
      targets.add(VoiceTarget.resolve(VOICES[s % VOICES.length], model.pack().manifest()));
    }
    return targets;
  }

  /** Runs {@code hops} hops of every stream; returns each stream's whole output. */
  private static float[][] run(StreamEngine engine, int hops) {
    int n = engine.streams();
    int hop = engine.hopSamples();
    SpeechStreams streams = new SpeechStreams(speech, hop, n);
    float[][] in = new float[n][hop];
    float[][] out = new float[n][hop];
    float[][] whole = new float[n][hops * hop];
    for (int h = 0; h < hops; h++) {
      streams.nextHop(in);
      engine.processHop(in, out);
      for (int s = 0; s < n; s++) {
        System.arraycopy(out[s], 0, whole[s], h * hop, hop);
      }
    }
    return whole;
  }

  /** The same streams, each through its own engine and voice: the single-stream way. */
  private static float[][] runSeparately(
      VoiceModel model, List<VoiceTarget> targets, SynthesisMode mode, int hops) {
    int n = targets.size();
    int hop = S.hopSamples();
    SpeechStreams streams = new SpeechStreams(speech, hop, n);
    List<NeuralVoice> voices = new ArrayList<>();
    List<VoiceEngine> engines = new ArrayList<>();
    for (VoiceTarget target : targets) {
      NeuralVoice voice = new NeuralVoice(model, target);
      voices.add(voice);
      engines.add(new VoiceEngine(S, voice, mode));
    }
    float[][] in = new float[n][hop];
    float[] out = new float[hop];
    float[][] whole = new float[n][hops * hop];
    for (int h = 0; h < hops; h++) {
      streams.nextHop(in);
      for (int s = 0; s < n; s++) {
        engines.get(s).processHop(in[s], out);
        System.arraycopy(out, 0, whole[s], h * hop, hop);
      }
    }
    for (int s = 0; s < n; s++) {
      assertEquals(0, voices.get(s).faults());
      assertEquals(0, engines.get(s).faults());
      voices.get(s).close();
    }
    return whole;
  }

  private static double peak(float[] x) {
    double peak = 0;
    for (float v : x) {
      peak = Math.max(peak, Math.abs(v));
    }
    return peak;
  }

  private static double maxDifference(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs((double) a[i] - b[i]));
    }
    return max;
  }

  @Test
  void shouldSoundLikeSeparateEnginesStreamByStreamInBothSynthesisModes() {
    // Longer than the sentence, so every stream also wraps round once.
    int hops = speech.length / S.hopSamples() + 200;
    List<VoiceTarget> targets = targets(model);
    for (SynthesisMode mode : SynthesisMode.values()) {
      float[][] batched;
      try (BatchedStreamEngine engine = new BatchedStreamEngine(model, targets, mode)) {
        batched = run(engine, hops);
        assertEquals(0, engine.modelFaults());
        assertEquals(0, engine.faults());
      }
      float[][] separate = runSeparately(model, targets, mode, hops);
      double worst = 0;
      for (int s = 0; s < targets.size(); s++) {
        double peak = peak(separate[s]);
        double relative = maxDifference(batched[s], separate[s]) / peak;
        worst = Math.max(worst, relative);
        assertTrue(peak > 0.05, mode + " stream " + s + " holds speech: peak " + peak);
        assertTrue(
            relative <= RELATIVE_TOLERANCE,
            mode + " stream " + s + ": max difference " + relative + " of peak");
      }
      System.out.printf(
          "%s: %d streams x %d hops, batched vs separate max difference %.2e of peak%n",
          mode, targets.size(), hops, worst);
      // The streams really differ: different speech at each moment and different voices.
      for (int s = 1; s < targets.size(); s++) {
        assertTrue(
            maxDifference(separate[s], separate[0]) > 0.1 * peak(separate[0]),
            mode + " stream " + s + " differs from stream 0");
      }
    }
  }

  /**
   * A decoder of NaN weights: every stream's every frame stays the speaker's own, so each stream
   * sounds as the identity voice would, and every frame of every stream is counted.
   */
  @Test
  void shouldLeaveEveryStreamDryAndCountItWhenTheModelGivesNan() throws Exception {
    Path pack = TestPacks.copy(dir);
    TestPacks.poisonDecoder(pack);
    int hops = 300;
    try (VoiceModel poisoned =
        VoiceModel.open(VoicePack.fromDirectory(pack, S), InferenceDevice.CPU)) {
      List<VoiceTarget> targets = targets(poisoned);
      float[][] batched;
      try (BatchedStreamEngine engine =
          new BatchedStreamEngine(poisoned, targets, SynthesisMode.VOCODER)) {
        batched = run(engine, hops);
        assertEquals((long) hops * targets.size(), engine.modelFaults());
        // The dry frames synthesise to finite hops: nothing else was left dry.
        assertEquals(engine.modelFaults(), engine.faults());
      }
      List<VoiceEngine> identities = new ArrayList<>();
      for (int s = 0; s < targets.size(); s++) {
        identities.add(new VoiceEngine(S, new IdentityVoice(), SynthesisMode.VOCODER));
      }
      float[][] identity = run(new SeparateIdentity(identities), hops);
      for (int s = 0; s < targets.size(); s++) {
        assertArrayEquals(identity[s], batched[s], "stream " + s);
      }
    }
  }

  /** Identity voices, one engine per stream, to compare dry streams with. */
  private record SeparateIdentity(List<VoiceEngine> engines) implements StreamEngine {
    @Override
    public int streams() {
      return engines.size();
    }

    @Override
    public int hopSamples() {
      return S.hopSamples();
    }

    @Override
    public void processHop(float[][] in, float[][] out) {
      for (int s = 0; s < engines.size(); s++) {
        engines.get(s).processHop(in[s], out[s]);
      }
    }

    @Override
    public long modelFaults() {
      return 0;
    }

    @Override
    public long faults() {
      return 0;
    }

    @Override
    public void close() {}
  }
}
