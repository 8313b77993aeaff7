package dev.bowtie.realtime.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.dsp.SynthesisMode;
import dev.bowtie.realtime.model.VoiceModel;
import dev.bowtie.realtime.pipeline.VoiceEngine;
import dev.bowtie.realtime.testing.Allocations;
import dev.bowtie.realtime.testing.Signals;
import dev.bowtie.realtime.testing.TestPacks;
import dev.bowtie.realtime.testing.TestSpeech;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the neural hop allocates after warm-up, per thread as {@code ThreadMXBean} counts it:
 * Bowtie's own code nothing, so a whole hop through {@link VoiceEngine} with a {@link NeuralVoice}
 * allocates exactly what ONNX Runtime's Java binding allocates in its two {@code run} calls.
 */
class NeuralVoiceAllocationTest {
  private static final AnalysisSettings S = AnalysisSettings.DEFAULT;
  private static final int WARM_UP_ROUNDS = 20;
  private static final int ROUNDS = 10;
  private static VoiceModel model;
  private static float[] speech;

  @BeforeAll
  static void open() throws Exception {
    model = TestPacks.openOnCpu();
    speech = Signals.toFloats(TestSpeech.sltSentence());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  /**
   * Bytes per hop in each of {@link #ROUNDS} passes over the sentence through a warmed-up engine.
   * Rounds are measured one by one because the JIT may still replace code early on (a one-off of a
   * few hundred kilobytes was seen in the first pass of the first engine of a JVM).
   */
  private static double[] bytesPerHopByRound(SynthesisMode mode) {
    try (NeuralVoice voice =
        new NeuralVoice(model, VoiceTarget.resolve("slt", model.pack().manifest()))) {
      VoiceEngine engine = new VoiceEngine(S, voice, mode);
      int hop = S.hopSamples();
      float[] in = new float[hop];
      float[] out = new float[hop];
      int hops = speech.length / hop;
      double[] perRound = new double[ROUNDS + WARM_UP_ROUNDS];
      for (int round = 0; round < perRound.length; round++) {
        long before = Allocations.allocatedByThisThread();
        for (int h = 0; h < hops; h++) {
          System.arraycopy(speech, h * hop, in, 0, hop);
          engine.processHop(in, out);
        }
        perRound[round] = (Allocations.allocatedByThisThread() - before) / (double) hops;
      }
      assertEquals(0, voice.faults());
      assertEquals(0, engine.faults());
      return java.util.Arrays.copyOfRange(perRound, WARM_UP_ROUNDS, perRound.length);
    }
  }

  @Test
  void shouldAllocateNothingOfBowtiesOwnPerNeuralHop() throws Exception {
    double inference = Allocations.bytesPerInference(model);
    for (SynthesisMode mode : SynthesisMode.values()) {
      double[] rounds = bytesPerHopByRound(mode);
      System.out.printf(
          "allocation per frame: ONNX Runtime encoder+decoder %.1f B; whole neural hop (%s) by"
              + " round %s B%n",
          inference, mode, java.util.Arrays.toString(rounds));
      int exact = 0;
      for (double round : rounds) {
        exact += Math.abs(round - inference) < 0.5 ? 1 : 0;
      }
      assertTrue(exact >= ROUNDS - 1, mode + ": rounds beyond ONNX Runtime's own allocation");
    }
    assertTrue(inference > 0, "ONNX Runtime's binding allocates per run: " + inference);
  }
}
