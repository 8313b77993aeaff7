package dev.bowtie.realtime.dsp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.realtime.pipeline.VoiceEngine;
import dev.bowtie.realtime.testing.BlockStream;
import dev.bowtie.realtime.testing.Signals;
import dev.bowtie.realtime.testing.Sptk;
import dev.bowtie.realtime.testing.TestSpeech;
import dev.bowtie.realtime.voice.IdentityVoice;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vocoder-mode identity, re-analysed: Bowtie's vocoder must lose no more of the spectral envelope
 * than SPTK's own analysis/synthesis pipeline ({@code frame | window | mcep}, {@code pitch}, {@code
 * excite | mlsadf}) on the same sentence. Both outputs are re-analysed by the same SPTK commands,
 * and the mel-cepstral distortion (c1..cM; c0, the level, excluded) is measured over the speech
 * frames at the best whole-frame alignment of each.
 */
class VocoderQualityTest {
  private static final AnalysisSettings S = AnalysisSettings.DEFAULT;
  private static final String ANALYSIS =
      " | frame -l 400 -p 80 | window -l 400 -L 512 | mcep -a 0.42 -m 24 -l 512 -e 1e-8";
  @TempDir Path dir;

  @Test
  void shouldResynthesiseNoWorseThanSptkPipeline() throws Exception {
    double[] speech = TestSpeech.sltSentence();
    Sptk.writeFloats(dir.resolve("in.f32"), speech);
    Sptk.run("cat in.f32" + ANALYSIS + " > in.mcep", dir);
    Sptk.run(
        "sopr -m 32768 < in.f32 | pitch -a 0 -s 16 -p 80 -L 60 -H 500 > in.pitch"
            + " && excite -p 80 in.pitch | mlsadf -m 24 -a 0.42 -p 80 -P 5 in.mcep > sptk.f32"
            + " && cat sptk.f32"
            + ANALYSIS
            + " > sptk.mcep",
        dir);

    BlockStream bowtie =
        new BlockStream(new VoiceEngine(S, new IdentityVoice(), SynthesisMode.VOCODER));
    float[] samples = new float[speech.length];
    for (int i = 0; i < speech.length; i++) {
      samples[i] = (float) speech[i];
    }
    bowtie.process(samples, samples, 0, samples.length);
    double[] out = new double[samples.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = samples[i];
    }
    Sptk.writeFloats(dir.resolve("bowtie.f32"), out);

    List<double[]> reference = Sptk.rows(Sptk.readFloats(dir.resolve("in.mcep")), 25);
    double sptkMcd = bestAlignedMcd(reference, "sptk.f32");
    double bowtieMcd = bestAlignedMcd(reference, "bowtie.f32");
    System.out.printf(
        "vocoder identity MCD (c1..c24, re-analysed): Bowtie %.2f dB, SPTK pipeline %.2f dB%n",
        bowtieMcd, sptkMcd);
    assertTrue(sptkMcd > 0.5 && sptkMcd < 6, "SPTK's pipeline gave an implausible " + sptkMcd);
    assertTrue(bowtieMcd <= sptkMcd, "Bowtie " + bowtieMcd + " dB > SPTK " + sptkMcd + " dB");
  }

  /** The lowest mean MCD over delays of 0..6 hops, in steps of a quarter hop. */
  private double bestAlignedMcd(List<double[]> reference, String resynthesised) throws Exception {
    double best = Double.MAX_VALUE;
    for (int delay = 0; delay <= 6 * 80; delay += 20) {
      Sptk.run("bcut +f -s " + delay + " " + resynthesised + ANALYSIS + " > aligned.mcep", dir);
      best =
          Math.min(
              best, mcd(reference, Sptk.rows(Sptk.readFloats(dir.resolve("aligned.mcep")), 25)));
    }
    return best;
  }

  /** Mean MCD over the speech frames (c0 above the silence level) of {@code reference}. */
  static double mcd(List<double[]> reference, List<double[]> other) {
    double sum = 0;
    int frames = 0;
    for (int f = 0; f < other.size() && f < reference.size(); f++) {
      double[] a = reference.get(f);
      if (a[0] < -6) {
        continue;
      }
      sum += Signals.melCepstralDistortionDb(a, other.get(f));
      frames++;
    }
    return sum / frames;
  }
}
