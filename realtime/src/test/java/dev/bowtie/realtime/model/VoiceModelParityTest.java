package dev.bowtie.realtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.testing.TestPacks;
import dev.bowtie.realtime.voice.NeuralVoice;
import dev.bowtie.realtime.voice.VoiceTarget;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ONNX Runtime in the engine computes what PyTorch computed at export: the parity frames shipped in
 * a pack made by Bowtie's training tool, through the Java sessions, within 1e-5.
 */
class VoiceModelParityTest {
  private static final double TOLERANCE = 1e-5;
  private static VoicePack pack;
  private static VoiceModel model;
  private static ParityCases cases;

  @BeforeAll
  static void open() throws Exception {
    Path dir = TestPacks.pack();
    pack = VoicePack.fromDirectory(dir, AnalysisSettings.DEFAULT);
    model = VoiceModel.open(pack, InferenceDevice.CPU);
    cases = ParityCases.parse(pack.parityJson(), pack.parityFile());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void shouldLoadTheToolsPackWithItsSpeakersSettingsAndProvider() {
    assertEquals(
        List.of("awb", "rms", "slt"), pack.speakers().stream().map(Speaker::name).toList());
    assertEquals(AnalysisSettings.DEFAULT, pack.manifest().settings());
    assertEquals(ai.onnxruntime.OrtProvider.CPU, model.provider());
    // flite's slt speaks well above rms and awb.
    Speaker slt = pack.manifest().speaker("slt");
    Speaker rms = pack.manifest().speaker("rms");
    assertTrue(slt.typicalF0Hz() > 1.4 * rms.typicalF0Hz(), slt + " vs " + rms);
    assertEquals(4, cases.encoderInput().length);
  }

  @Test
  void shouldMatchTheEncoderParityOutputsWithin1e5() throws Exception {
    float[] mu = new float[pack.manifest().latentDim()];
    double max = 0;
    try (FrameInference inference = model.newInference()) {
      for (int r = 0; r < cases.encoderInput().length; r++) {
        inference.encode(cases.encoderInput()[r], mu);
        max = Math.max(max, ModelSelfTest.maxDifference(mu, cases.encoderMu()[r]));
      }
    }
    System.out.printf("encoder parity: max |java - torch| = %.2e%n", max);
    assertTrue(max < TOLERANCE, "encoder max error " + max);
  }

  @Test
  void shouldMatchTheDecoderParityOutputsWithin1e5() throws Exception {
    float[] out = new float[pack.manifest().settings().order()];
    double max = 0;
    try (FrameInference inference = model.newInference()) {
      for (int r = 0; r < cases.decoderZ().length; r++) {
        inference.setSpeaker(cases.decoderSpeaker()[r]);
        inference.decode(cases.decoderZ()[r], out);
        max = Math.max(max, ModelSelfTest.maxDifference(out, cases.decoderOutput()[r]));
      }
    }
    System.out.printf("decoder parity: max |java - torch| = %.2e%n", max);
    assertTrue(max < TOLERANCE, "decoder max error " + max);
  }

  /**
   * The end-to-end rows use speakers[0], speakers[-1], their even blend, and speakers[0]: the same
   * targets NeuralVoice makes from "slt", "awb" and "slt:0.5,awb:0.5".
   */
  @Test
  void shouldMatchTheConversionParityThroughNeuralVoiceIncludingABlend() {
    String first = pack.speakers().get(0).name();
    String last = pack.speakers().get(pack.speakers().size() - 1).name();
    String[] targets = {first, last, first + ":0.5," + last + ":0.5", first};
    int order = pack.manifest().settings().order();
    double max = 0;
    for (int r = 0; r < targets.length; r++) {
      try (NeuralVoice voice =
          new NeuralVoice(model, VoiceTarget.resolve(targets[r], pack.manifest()))) {
        double[] mc = new double[order + 1];
        mc[0] = -3.25;
        for (int i = 0; i < order; i++) {
          mc[i + 1] = cases.rawInput()[r][i];
        }
        voice.convert(mc, 0.0);
        assertEquals(-3.25, mc[0], "c0 is carried through");
        for (int i = 0; i < order; i++) {
          max = Math.max(max, Math.abs(mc[i + 1] - cases.rawOutput()[r][i]));
        }
        assertEquals(0, voice.faults());
      }
    }
    System.out.printf("conversion parity (NeuralVoice): max |java - torch| = %.2e%n", max);
    assertTrue(max < TOLERANCE, "conversion max error " + max);
  }

  @Test
  void shouldPassTheStartUpSelfTestOnTheCpu() {
    ModelSelfTest.Report report = ModelSelfTest.run(model);
    assertEquals("cpu", report.provider());
    assertEquals(4, report.frames());
    assertTrue(report.maxError() < TOLERANCE, report.describe());
    assertTrue(report.microsPerFrame() > 0, report.describe());
  }
}
