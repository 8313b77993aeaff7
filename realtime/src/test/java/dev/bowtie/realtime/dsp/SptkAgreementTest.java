package dev.bowtie.realtime.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.realtime.testing.Sptk;
import dev.bowtie.realtime.testing.TestSpeech;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bowtie's DSP against the real SPTK 3.9 commands on real (TTS) speech. */
class SptkAgreementTest {
  private static final AnalysisSettings S = AnalysisSettings.DEFAULT;
  private static final String SPTK_ANALYSIS =
      "-a " + S.alpha() + " -m " + S.order() + " -l " + S.fftSize();

  @TempDir static Path dir;
  static List<double[]> frames;
  static List<double[]> sptkMcep;

  @BeforeAll
  static void analyseWithSptk() throws Exception {
    assertTrue(Sptk.available(), "SPTK is not installed: apt-get install sptk");
    Sptk.writeFloats(dir.resolve("speech.f32"), TestSpeech.sltSentence());
    Sptk.run(
        "frame -l "
            + S.windowSamples()
            + " -p "
            + S.hopSamples()
            + " < speech.f32"
            + " | window -l "
            + S.windowSamples()
            + " -L "
            + S.fftSize()
            + " > frames.f32",
        dir);
    Sptk.run(
        "mcep "
            + SPTK_ANALYSIS
            + " -e "
            + MelCepstrumAnalysis.PERIODOGRAM_FLOOR
            + " < frames.f32 > mcep.f32",
        dir);
    frames = Sptk.rows(Sptk.readFloats(dir.resolve("frames.f32")), S.fftSize());
    sptkMcep = Sptk.rows(Sptk.readFloats(dir.resolve("mcep.f32")), S.coefficients());
    assertEquals(frames.size(), sptkMcep.size());
  }

  @Test
  void shouldMatchSptkWindow() throws Exception {
    double[] ones = new double[S.windowSamples()];
    java.util.Arrays.fill(ones, 1.0);
    Sptk.writeFloats(dir.resolve("ones.f32"), ones);
    Sptk.run("window -l " + S.windowSamples() + " < ones.f32 > w.f32", dir);
    double[] sptk = Sptk.readFloats(dir.resolve("w.f32"));
    double[] ours = AnalysisWindow.blackman(S.windowSamples());
    for (int i = 0; i < ours.length; i++) {
      assertEquals(sptk[i], ours[i], 1e-6, "window sample " + i);
    }
  }

  @Test
  void shouldMatchSptkMcepWithinTolerance() {
    MelCepstrumAnalysis mcep = new MelCepstrumAnalysis(S);
    double[] mc = new double[S.coefficients()];
    double worst = 0;
    int speechFrames = 0;
    for (int f = 0; f < frames.size(); f++) {
      double[] frame = frames.get(f);
      if (energy(frame) < 1e-4) {
        continue; // silence between words: not what the tolerance is about
      }
      speechFrames++;
      mcep.analyse(frame, S.fftSize(), mc);
      for (int i = 0; i < mc.length; i++) {
        worst = Math.max(worst, Math.abs(mc[i] - sptkMcep.get(f)[i]));
      }
    }
    System.out.printf("mcep vs SPTK: %d speech frames, max |diff| = %.2e%n", speechFrames, worst);
    assertTrue(speechFrames > 200, "too few speech frames: " + speechFrames);
    assertTrue(worst < 1e-3, "max abs difference " + worst);
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 5})
  void shouldMatchSptkMlsadfWithinTolerance(int pade) throws Exception {
    int hop = S.hopSamples();
    int n = sptkMcep.size();
    // Excitation: a pulse train with a gliding period, noise in every fourth hop.
    Random random = new Random(7);
    double[] excitation = new double[(n + 1) * hop];
    double phase = 0;
    for (int i = hop; i < excitation.length; i++) {
      int h = i / hop;
      if (h % 4 == 3) {
        excitation[i] = random.nextGaussian();
      } else {
        double period = 80 + 40 * Math.sin(i / 3000.0);
        phase += 1.0 / period;
        if (phase >= 1.0) {
          phase -= 1.0;
          excitation[i] = Math.sqrt(period);
        }
      }
    }
    // mlsadf never checks stability; Bowtie's filter always does. Both filters get the
    // coefficients after Bowtie's check, so that the comparison is of the filters alone.
    // SPTK interpolates period k from frame k to k+1; Bowtie's hop k from frame k-1 to k.
    // Repeating the first frame for SPTK, and a silent first hop, lines the two up.
    StabilityCheck check = new StabilityCheck(S.order(), S.alpha());
    double limit = pade == 4 ? MlsaFilter.LIMIT_PADE4 : MlsaFilter.LIMIT_PADE5;
    double[] mcFlat = new double[(n + 1) * S.coefficients()];
    for (int f = 0; f <= n; f++) {
      double[] mc = sptkMcep.get(Math.max(0, f - 1)).clone();
      check.limit(mc, limit);
      System.arraycopy(mc, 0, mcFlat, f * S.coefficients(), S.coefficients());
    }
    Sptk.writeFloats(dir.resolve("mc.f32"), mcFlat);
    Sptk.writeFloats(dir.resolve("exc.f32"), excitation);
    Sptk.run(
        "mlsadf -m "
            + S.order()
            + " -a "
            + S.alpha()
            + " -P "
            + pade
            + " -p "
            + hop
            + " mc.f32 < exc.f32 > syn.f32",
        dir);
    List<double[]> stable = Sptk.rows(Sptk.readFloats(dir.resolve("mc.f32")), S.coefficients());
    double[] sptk = Sptk.readFloats(dir.resolve("syn.f32"));

    MlsaFilter mlsa = new MlsaFilter(S.order(), S.alpha(), pade, false);
    double[] ours = new double[n * hop];
    double[] in = new double[hop];
    double[] out = new double[hop];
    for (int f = 0; f < n; f++) {
      System.arraycopy(excitation, f * hop, in, 0, hop);
      mlsa.filterHop(stable.get(f + 1), in, out, hop);
      System.arraycopy(out, 0, ours, f * hop, hop);
    }
    assertEquals(ours.length, sptk.length);
    double err = 0;
    double ref = 0;
    for (int i = 0; i < ours.length; i++) {
      err += (ours[i] - sptk[i]) * (ours[i] - sptk[i]);
      ref += sptk[i] * sptk[i];
    }
    double relativeRms = Math.sqrt(err / ref);
    System.out.printf(
        "mlsadf P=%d vs SPTK: relative RMS %.2e, stabilised hops %d%n",
        pade, relativeRms, mlsa.stabilisedHops());
    assertTrue(ref > 0);
    assertTrue(relativeRms < 1e-4, "relative RMS " + relativeRms);
    Files.deleteIfExists(dir.resolve("syn.f32"));
  }

  private static double energy(double[] frame) {
    double e = 0;
    for (double v : frame) {
      e += v * v;
    }
    return e;
  }
}
