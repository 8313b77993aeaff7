package dev.bowtie.realtime.voice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.dsp.FeatureExtractor;
import dev.bowtie.realtime.dsp.SynthesisMode;
import dev.bowtie.realtime.model.InferenceDevice;
import dev.bowtie.realtime.model.VoiceModel;
import dev.bowtie.realtime.model.VoicePack;
import dev.bowtie.realtime.pipeline.LiveSettings;
import dev.bowtie.realtime.pipeline.OfflinePipeline;
import dev.bowtie.realtime.pipeline.VoiceEngine;
import dev.bowtie.realtime.testing.Signals;
import dev.bowtie.realtime.testing.TestPacks;
import dev.bowtie.realtime.testing.TestSpeech;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NeuralVoice on a pack made by the training tool: F0 mapping, blends, and NaN models. */
class NeuralVoiceTest {
  private static final AnalysisSettings S = AnalysisSettings.DEFAULT;
  private static VoiceModel model;
  @TempDir Path dir;

  @BeforeAll
  static void open() throws Exception {
    model = TestPacks.openOnCpu();
  }

  @AfterAll
  static void close() {
    model.close();
  }

  /**
   * flite's kal16, a voice the pack never heard, saying a sentence none of the speakers said for
   * training: the converted F0 lands on the target's typical F0.
   */
  @Test
  void shouldMoveAnUnseenSpeakersF0ToTheTargetsTypicalF0() throws Exception {
    float[] speech =
        Signals.toFloats(
            TestSpeech.samples(TestSpeech.fliteWav("kal16", TestSpeech.SENTENCE), 16000));
    FeatureExtractor.Features features = FeatureExtractor.extract(S, speech);
    int m = S.coefficients();
    for (String target : new String[] {"slt", "rms"}) {
      double[] out = new double[features.frames()];
      double[] in = new double[features.frames()];
      try (NeuralVoice voice = (NeuralVoice) VoiceCatalog.withModel(model).create(target)) {
        double[] mc = new double[m];
        for (int t = 0; t < features.frames(); t++) {
          for (int i = 0; i < m; i++) {
            mc[i] = features.melCepstra()[t * m + i];
          }
          in[t] = features.f0Hz()[t];
          out[t] = voice.convert(mc, in[t]);
          assertEquals(features.melCepstra()[t * m], mc[0], 1e-6, "c0 carried through");
        }
        double expected = voice.target().typicalF0Hz();
        double got = Signals.voicedMedianHz(out);
        System.out.printf(
            "kal16 (median %.0f Hz) -> %s: median F0 %.1f Hz, target typical %.1f Hz%n",
            Signals.voicedMedianHz(in), target, got, expected);
        assertEquals(expected, got, 0.10 * expected);
        assertEquals(
            Arrays.stream(in).filter(v -> v > 0).count(),
            Arrays.stream(out).filter(v -> v > 0).count(),
            "voicing kept");
      }
    }
  }

  @Test
  void shouldBlendEmbeddingsAndLogF0StatisticsByWeight() {
    var manifest = model.pack().manifest();
    VoiceTarget blend = VoiceTarget.resolve("slt:3,rms:1", manifest);
    var slt = manifest.speaker("slt");
    var rms = manifest.speaker("rms");
    assertEquals(0.75 * slt.logF0Mean() + 0.25 * rms.logF0Mean(), blend.logF0Mean(), 1e-12);
    assertEquals(0.75 * slt.logF0Std() + 0.25 * rms.logF0Std(), blend.logF0Std(), 1e-12);
    for (int i = 0; i < blend.embedding().length; i++) {
      assertEquals(
          0.75 * slt.embedding()[i] + 0.25 * rms.embedding()[i], blend.embedding()[i], 1e-6);
    }
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class, () -> VoiceTarget.resolve("slt:1,bob:1", manifest));
    assertEquals(
        "'bob' is not a voice of the pack; blends mix the pack's voices: awb, rms, slt",
        unknown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> VoiceTarget.resolve("slt:-1", manifest));
    assertThrows(IllegalArgumentException.class, () -> VoiceTarget.resolve("slt:x", manifest));
  }

  /**
   * A decoder of NaN weights at run time: every frame stays the speaker's own (so the engine's
   * output equals the identity voice's, sample for sample) and every frame is counted.
   */
  @Test
  void shouldLeaveFramesDryAndCountThemWhenTheModelGivesNan() throws Exception {
    Path pack = TestPacks.copy(dir);
    TestPacks.poisonDecoder(pack);
    float[] speech = Signals.toFloats(TestSpeech.sltSentence());
    try (VoiceModel poisoned =
            VoiceModel.open(VoicePack.fromDirectory(pack, S), InferenceDevice.CPU);
        NeuralVoice voice =
            new NeuralVoice(poisoned, VoiceTarget.resolve("rms", poisoned.pack().manifest()))) {
      VoiceEngine engine = new VoiceEngine(S, voice, SynthesisMode.VOCODER);
      OfflinePipeline chain =
          new OfflinePipeline(
              S.sampleRateHz(), S.sampleRateHz(), new LiveSettings("rms", engine, false, 1f));
      float[] converted = chain.convert(speech);
      float[] identity =
          new OfflinePipeline(
                  S.sampleRateHz(),
                  S.sampleRateHz(),
                  new LiveSettings(
                      "identity",
                      new VoiceEngine(S, new IdentityVoice(), SynthesisMode.VOCODER),
                      false,
                      1f))
              .convert(speech);
      long hops = chain.counters().processedHops.get();
      System.out.printf("NaN decoder: %d of %d frames left dry%n", voice.faults(), hops);
      assertEquals(hops, voice.faults(), 1);
      // The engine's count is the voice's: its synthesis never saw a non-finite frame.
      assertEquals(voice.faults(), engine.faults());
      assertArrayEquals(identity, converted);
    }
  }

  @Test
  void shouldFollowTheSpeakerFromThePriorAndKeepAFloorOnTheSpread() {
    SpeakerStatistics stats = new SpeakerStatistics(Math.log(150), 0.1);
    assertEquals(Math.log(150), stats.mean(), 1e-12);
    for (int i = 0; i < SpeakerStatistics.PRIOR_FRAMES; i++) {
      stats.add(Math.log(100));
    }
    // After as many frames as the prior counts, the estimate is half way (in log F0).
    assertEquals(0.5 * (Math.log(150) + Math.log(100)), stats.mean(), 1e-3);
    for (int i = 0; i < 20 * SpeakerStatistics.WINDOW_FRAMES; i++) {
      stats.add(Math.log(100));
    }
    assertEquals(Math.log(100), stats.mean(), 1e-6);
    assertEquals(SpeakerStatistics.MIN_STD, stats.std(), 1e-12);
    stats.reset();
    assertEquals(Math.log(150), stats.mean(), 1e-12);
    assertEquals(0.1, stats.std(), 1e-12);
  }
}
