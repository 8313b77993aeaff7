package dev.bowtie.realtime.dsp;

import static dev.bowtie.realtime.testing.Signals.db;
import static dev.bowtie.realtime.testing.Signals.sine;
import static dev.bowtie.realtime.testing.Signals.toneAmplitude;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.realtime.audio.DecodedAudio;
import dev.bowtie.realtime.audio.SampleEncoding;
import dev.bowtie.realtime.audio.WavReader;
import dev.bowtie.realtime.audio.WavWriter;
import dev.bowtie.realtime.testing.Sox;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compares Bowtie's resampler with sox's very-high-quality {@code rate -v} on the same signal. */
class PolyphaseResamplerSoxTest {
  private static final double[] PASSBAND_HZ = {440, 2500, 6000, 7000};
  private static final double STOPBAND_HZ = 9500;
  private static final double AMPLITUDE = 0.15;

  @TempDir Path dir;

  @Test
  void shouldMatchSoxLevelsInThePassbandAndRejectAliasesAsWellAsSox() throws Exception {
    int length = 2 * 44100;
    float[] in = new float[length];
    for (double f : PASSBAND_HZ) {
      addTone(in, f);
    }
    addTone(in, STOPBAND_HZ);
    Path source = dir.resolve("tones-44100.wav");
    Path bySox = dir.resolve("tones-16000-sox.wav");
    WavWriter.writeMono(source, in, 44100, SampleEncoding.FLOAT_32);
    Sox.run(
        source.toString(),
        "-e",
        "floating-point",
        "-b",
        "32",
        bySox.toString(),
        "rate",
        "-v",
        "16000");

    DecodedAudio sox = WavReader.read(bySox);
    float[] ours = PolyphaseResampler.resample(in, 44100, 16000);

    assertEquals(16000, sox.sampleRateHz());
    assertEquals(sox.frames(), ours.length);
    float[] reference = sox.channels()[0];
    int from = 1600;
    int to = ours.length - 1600;
    for (double f : PASSBAND_HZ) {
      double oursDb = db(toneAmplitude(ours, from, to, f, 16000) / AMPLITUDE);
      double soxDb = db(toneAmplitude(reference, from, to, f, 16000) / AMPLITUDE);
      System.out.printf("%.0f Hz: Bowtie %.4f dB, sox %.4f dB%n", f, oursDb, soxDb);
      assertEquals(soxDb, oursDb, 0.01, f + " Hz");
    }
    double alias = 16000 - STOPBAND_HZ;
    double oursAliasDb = db(toneAmplitude(ours, from, to, alias, 16000) / AMPLITUDE);
    double soxAliasDb = db(toneAmplitude(reference, from, to, alias, 16000) / AMPLITUDE);
    System.out.printf(
        "alias of %.0f Hz at %.0f Hz: Bowtie %.1f dB, sox %.1f dB%n",
        STOPBAND_HZ, alias, oursAliasDb, soxAliasDb);
    assertTrue(oursAliasDb < -80, oursAliasDb + " dB");
  }

  private static void addTone(float[] x, double frequencyHz) {
    float[] tone = sine(x.length, frequencyHz, 44100, AMPLITUDE, 0);
    for (int i = 0; i < x.length; i++) {
      x[i] += tone[i];
    }
  }
}
