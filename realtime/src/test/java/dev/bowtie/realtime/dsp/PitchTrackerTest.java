package dev.bowtie.realtime.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.realtime.testing.Sptk;
import dev.bowtie.realtime.testing.TestSpeech;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** F0 tracking on known harmonic tones and, against SPTK's RAPT, on real (TTS) speech. */
class PitchTrackerTest {
  private static final AnalysisSettings S = AnalysisSettings.DEFAULT;
  @TempDir Path dir;

  @Test
  void shouldFindThePitchOfAHarmonicToneAndCallSilenceUnvoiced() {
    double[] history = new double[new PitchTracker(S).bufferSamples()];
    for (double f0 : new double[] {80, 120, 200, 310, 450}) {
      // Ten harmonics falling at 6 dB per octave, like a glottal source.
      for (int t = 0; t < history.length; t++) {
        double v = 0;
        for (int h = 1; h <= 10 && h * f0 < S.sampleRateHz() / 2.0; h++) {
          v += Math.sin(2 * Math.PI * h * f0 * t / S.sampleRateHz()) / h;
        }
        history[t] = 0.2 * v;
      }
      PitchTracker tracker = new PitchTracker(S);
      assertEquals(f0, tracker.track(history, history.length), f0 * 0.01, "tone at " + f0);
    }
    java.util.Arrays.fill(history, 0);
    assertEquals(0.0, new PitchTracker(S).track(history, history.length));
  }

  @Test
  void shouldAgreeWithSptkRaptOnSpeech() throws Exception {
    double[] speech = TestSpeech.sltSentence();
    Sptk.writeFloats(dir.resolve("in.f32"), speech);
    Sptk.run("sopr -m 32768 < in.f32 | pitch -a 0 -s 16 -p 80 -L 60 -H 500 -o 1 > f0.f32", dir);
    double[] rapt = Sptk.readFloats(dir.resolve("f0.f32"));
    float[] samples = new float[speech.length];
    for (int i = 0; i < speech.length; i++) {
      samples[i] = (float) speech[i];
    }
    float[] ours = FeatureExtractor.extract(S, samples).f0Hz();

    // RAPT's frame k is centred on sample 80k; ours ends there plus a hop: compare at the lag
    // where voicing agrees best, as the two trackers look at different spans.
    int bestLag = 0;
    double bestAgreement = 0;
    for (int lag = 0; lag <= 6; lag++) {
      double agreement = voicingAgreement(rapt, ours, lag);
      if (agreement > bestAgreement) {
        bestAgreement = agreement;
        bestLag = lag;
      }
    }
    int both = 0;
    int gross = 0;
    double[] errors = new double[rapt.length];
    for (int k = 0; k + bestLag < ours.length && k < rapt.length; k++) {
      double a = rapt[k];
      double b = ours[k + bestLag];
      if (a > 0 && b > 0) {
        double e = Math.abs(b - a) / a;
        errors[both++] = e;
        gross += e > 0.2 ? 1 : 0;
      }
    }
    java.util.Arrays.sort(errors, 0, both);
    double median = errors[both / 2];
    System.out.printf(
        "F0 vs SPTK RAPT: voicing agreement %.1f%% (lag %d hops), %d frames voiced in both,"
            + " median error %.2f%%, gross errors (>20%%) %.1f%%%n",
        100 * bestAgreement, bestLag, both, 100 * median, 100.0 * gross / both);
    assertTrue(bestAgreement > 0.85, "voicing agreement " + bestAgreement);
    assertTrue(median < 0.03, "median relative error " + median);
    assertTrue(gross < 0.05 * both, "gross errors " + gross + " of " + both);
  }

  private static double voicingAgreement(double[] reference, float[] ours, int lag) {
    int agree = 0;
    int n = 0;
    for (int k = 0; k + lag < ours.length && k < reference.length; k++, n++) {
      agree += (reference[k] > 0) == (ours[k + lag] > 0) ? 1 : 0;
    }
    return (double) agree / n;
  }
}
