package dev.bowtie.realtime.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.dsp.SynthesisMode;
import dev.bowtie.realtime.model.VoiceModel;
import dev.bowtie.realtime.testing.Allocations;
import dev.bowtie.realtime.testing.Signals;
import dev.bowtie.realtime.testing.TestPacks;
import dev.bowtie.realtime.testing.TestSpeech;
import dev.bowtie.realtime.voice.VoiceTarget;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a hop of N streams allocates after warm-up, per thread as {@code ThreadMXBean} counts it:
 * through the batched engine, exactly what ONNX Runtime's binding allocates for one frame's two
 * {@code run} calls, whatever N (Bowtie's own code allocates nothing); through separate engines, N
 * times that.
 *
 * <p>Tagged {@code allocation}: it runs in the JVM without escape analysis, where every {@code new}
 * of Bowtie's shows up; there the binding's two runs allocate 1096 bytes (952 with escape analysis,
 * which hides some of its short-lived objects).
 */
@Tag("allocation")
class StreamAllocationTest {
  private static final AnalysisSettings S = AnalysisSettings.DEFAULT;
  private static final int WARM_UP_ROUNDS = 20;
  private static final int ROUNDS = 10;
  private static final int HOPS_PER_ROUND = 100;
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
   * Bytes per hop (all streams) in each round after the warm-up rounds. Rounds are measured one by
   * one because the JIT may still replace code early on.
   */
  private static double[] bytesPerHopByRound(
      int streams, Function<List<VoiceTarget>, StreamEngine> make) {
    List<VoiceTarget> targets = new ArrayList<>();
    var speakers = model.pack().speakers();
    for (int s = 0; s < streams; s++) {
      targets.add(
          VoiceTarget.resolve(speakers.get(s % speakers.size()).name(), model.pack().manifest()));
    }
    try (StreamEngine engine = make.apply(targets)) {
      SpeechStreams input = new SpeechStreams(speech, S.hopSamples(), streams);
      float[][] in = new float[streams][S.hopSamples()];
      float[][] out = new float[streams][S.hopSamples()];
      double[] perRound = new double[WARM_UP_ROUNDS + ROUNDS];
      for (int round = 0; round < perRound.length; round++) {
        long before = Allocations.allocatedByThisThread();
        for (int h = 0; h < HOPS_PER_ROUND; h++) {
          input.nextHop(in);
          engine.processHop(in, out);
        }
        perRound[round] = (Allocations.allocatedByThisThread() - before) / (double) HOPS_PER_ROUND;
      }
      assertEquals(0, engine.modelFaults());
      assertEquals(0, engine.faults());
      return Arrays.copyOfRange(perRound, WARM_UP_ROUNDS, perRound.length);
    }
  }

  private static int roundsAt(double[] rounds, double bytes) {
    int exact = 0;
    for (double round : rounds) {
      exact += Math.abs(round - bytes) < 0.5 ? 1 : 0;
    }
    return exact;
  }

  @Test
  void shouldAllocateOnlyOneFramesOnnxRuntimeBytesPerBatchedHopWhateverTheStreams()
      throws Exception {
    double inference = Allocations.bytesPerInference(model);
    assertTrue(inference > 0, "ONNX Runtime's binding allocates per run: " + inference);
    for (SynthesisMode mode : SynthesisMode.values()) {
      for (int streams : new int[] {1, 4, 16}) {
        double[] rounds = bytesPerHopByRound(streams, t -> new BatchedStreamEngine(model, t, mode));
        System.out.printf(
            "allocation per hop of %d streams, batched (%s): one frame's ONNX Runtime %.1f B;"
                + " by round %s B%n",
            streams, mode, inference, Arrays.toString(rounds));
        assertTrue(
            roundsAt(rounds, inference) >= ROUNDS - 1,
            mode + ", " + streams + " streams: rounds beyond one frame's ONNX Runtime allocation");
      }
    }
    int streams = 4;
    double[] separate =
        bytesPerHopByRound(streams, t -> new SeparateStreamEngine(model, t, SynthesisMode.VOCODER));
    System.out.printf(
        "allocation per hop of %d streams, separate engines: by round %s B%n",
        streams, Arrays.toString(separate));
    assertTrue(
        roundsAt(separate, streams * inference) >= ROUNDS - 1,
        "separate engines allocate one frame's ONNX Runtime bytes per stream");
  }
}
