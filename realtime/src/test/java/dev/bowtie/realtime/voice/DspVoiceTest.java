package dev.bowtie.realtime.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.realtime.dsp.AnalysisSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The built-in DSP voices: pitch rules and formant movement by all-pass re-warping. */
class DspVoiceTest {
  private static final AnalysisSettings S = AnalysisSettings.DEFAULT;
  private static final int M = S.order();

  /** log|H| of a mel-cepstrum at linear frequency {@code omega} (rad/sample). */
  private static double logEnvelope(double[] mc, double omega) {
    double a = S.alpha();
    double warped = omega + 2 * Math.atan(a * Math.sin(omega) / (1 - a * Math.cos(omega)));
    double sum = 0;
    for (int m = 0; m <= M; m++) {
      sum += mc[m] * Math.cos(m * warped);
    }
    return sum;
  }

  /** Frequency in Hz of the envelope's highest peak below {@code maxHz}. */
  private static double peakHz(double[] mc, double maxHz) {
    double best = Double.NEGATIVE_INFINITY;
    double at = 0;
    for (double hz = 50; hz < maxHz; hz += 1) {
      double v = logEnvelope(mc, 2 * Math.PI * hz / S.sampleRateHz());
      if (v > best) {
        best = v;
        at = hz;
      }
    }
    return at;
  }

  /** A mel-cepstrum with one resonance at {@code hz}, made by fitting the envelope's cosines. */
  private static double[] resonanceAt(double hz) {
    double a = S.alpha();
    double[] mc = new double[M + 1];
    int n = 4096;
    for (int k = 0; k < n; k++) {
      double warped = Math.PI * (k + 0.5) / n;
      // Linear frequency of this warped frequency: the inverse all-pass.
      double omega = warped - 2 * Math.atan(a * Math.sin(warped) / (1 + a * Math.cos(warped)));
      double f = omega * S.sampleRateHz() / (2 * Math.PI);
      double envelope = 3.0 * Math.exp(-Math.pow((f - hz) / 250.0, 2));
      for (int m = 0; m <= M; m++) {
        mc[m] += envelope * Math.cos(m * warped) * (m == 0 ? 1.0 : 2.0) / n;
      }
    }
    return mc;
  }

  @Test
  void shouldMoveAFormantByTheVoicesRatio() {
    for (double hz : new double[] {500, 1000}) {
      for (DspVoice voice : List.of(DspVoice.child(M), DspVoice.deep(M))) {
        double[] mc = resonanceAt(hz);
        double before = peakHz(mc, 4000);
        double c0 = mc[0];
        voice.convert(mc, 120);
        double after = peakHz(mc, 4000);
        double expected =
            voice.name().equals("child") ? DspVoice.CHILD_FORMANTS : DspVoice.DEEP_FORMANTS;
        System.out.printf(
            "%s: formant %.0f Hz -> %.0f Hz (ratio %.3f, nominal %.2f)%n",
            voice.name(), before, after, after / before, expected);
        assertEquals(expected, after / before, 0.03);
        assertEquals(c0, mc[0], 0.0, "level kept");
      }
    }
  }

  @Test
  void shouldScaleHoldOrDropPitchAsEachVoiceSays() {
    double[] mc = resonanceAt(700);
    assertEquals(120 * DspVoice.CHILD_PITCH, DspVoice.child(M).convert(mc.clone(), 120), 1e-9);
    assertEquals(120 * DspVoice.DEEP_PITCH, DspVoice.deep(M).convert(mc.clone(), 120), 1e-9);
    DspVoice robot = DspVoice.robot(M);
    assertEquals(DspVoice.ROBOT_F0_HZ, robot.convert(mc.clone(), 90), 0.0);
    assertEquals(DspVoice.ROBOT_F0_HZ, robot.convert(mc.clone(), 240), 0.0);
    assertEquals(0.0, robot.convert(mc.clone(), 0), 0.0, "unvoiced stays unvoiced");
    assertEquals(0.0, DspVoice.whisper(M).convert(mc.clone(), 200), 0.0);
    double[] unchanged = mc.clone();
    DspVoice.whisper(M).convert(unchanged, 200);
    assertEquals(0, java.util.Arrays.compare(mc, unchanged), "whisper keeps the envelope");
  }

  @Test
  void shouldShiftAnyVoiceBySemitonesOnTopOfItsOwnRule() {
    VoiceCatalog catalog = VoiceCatalog.builtIn(AnalysisSettings.DEFAULT.order());
    assertEquals(
        200 * Math.pow(2, 7 / 12.0),
        catalog.create("identity", 7).convert(new double[M + 1], 200),
        1e-9);
    assertEquals(
        DspVoice.ROBOT_F0_HZ / 2,
        catalog.create("robot", -12).convert(new double[M + 1], 150),
        1e-9);
    assertEquals(0.0, catalog.create("child", 3).convert(new double[M + 1], 0), 0.0);
  }

  @Test
  void shouldListTheBuiltInsAndNameTheChoicesForAnUnknownVoice() {
    VoiceCatalog catalog = VoiceCatalog.builtIn(AnalysisSettings.DEFAULT.order());
    assertEquals(List.of("identity", "child", "deep", "robot", "whisper"), catalog.names());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> catalog.create("nobody"));
    assertEquals(
        "unknown voice 'nobody'; choose one of: identity, child, deep, robot, whisper",
        e.getMessage());
    IllegalArgumentException blend =
        assertThrows(IllegalArgumentException.class, () -> catalog.create("slt:0.5,rms:0.5"));
    assertTrue(blend.getMessage().contains("needs a voice pack"), blend.getMessage());
  }
}
