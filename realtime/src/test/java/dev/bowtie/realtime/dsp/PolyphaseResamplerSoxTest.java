package dev.bowtie.realtime.dsp;

import static dev.bowtie.realtime.testing.Signals.db;
import static dev.bowtie.realtime.testing.Signals.sine;
import static dev.bowtie.realtime.testing.Signals.toneAmplitude;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bowtie.realtime.audio.DecodedAudio;
import dev.bowtie.realtime.audio.SampleEncoding;
import dev.bowtie.realtime.audio.WavReader;
import dev.bowtie.realtime.audio.WavWriter;
import dev.bowtie.realtime.testing.Sox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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
    float[] in = tones(PASSBAND_HZ, STOPBAND_HZ);
    float[] ours = PolyphaseResampler.resample(in, 44100, 16000);
    float[] reference = bySox(in);
    assertEquals(reference.length, ours.length);
    assertLevelsLikeSox(ours, reference, PASSBAND_HZ, 0.01);
    double alias = aliasDb(ours, STOPBAND_HZ);
    System.out.printf(
        "alias of %.0f Hz: Bowtie %.1f dB, sox %.1f dB%n",
        STOPBAND_HZ, alias, aliasDb(reference, STOPBAND_HZ));
    assertTrue(alias < -80, alias + " dB");
  }

  /**
   * The live loop's design gives up the top quarter of the band for a seventh of the delay: flat
   * like sox up to 6 kHz, and what lies above 1.25 times the Nyquist frequency (10 kHz at 16 kHz)
   * rejected by 60 dB.
   */
  @Test
  void shouldMatchSoxUpTo6kHzAndRejectAliasesFrom10kHzInTheLiveDesign() throws Exception {
    double[] passband = {440, 2500, 6000};
    double stopband = 10500;
    float[] in = tones(passband, stopband);
    float[] ours = PolyphaseResampler.lowLatency(44100, 16000).convertWhole(in);
    float[] reference = bySox(in);
    assertLevelsLikeSox(ours, reference, passband, 0.1);
    double alias = aliasDb(ours, stopband);
    System.out.printf("live design: alias of %.0f Hz %.1f dB%n", stopband, alias);
    assertTrue(alias < -60, alias + " dB");
  }

  /**
   * Recorded speech (the first 40 English words of ktuberling, 48 kHz) down to 16 kHz, against
   * sox's very high quality: the whole-file design is near-transparent, the live design differs
   * only in its 6-8 kHz band.
   */
  @Test
  void shouldResampleRecordedSpeechCloseToSox() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("/usr/share/ktuberling/sounds/en"))) {
      List<String> words =
          files.map(Path::toString).filter(f -> f.endsWith(".ogg")).sorted().limit(40).toList();
      assumeTrue(words.size() == 40, "ktuberling-data is not installed");
      Path speech = dir.resolve("speech-48k.wav");
      List<String> args = new ArrayList<>(words);
      args.addAll(List.of("-r", "48000", "-c", "1", "-e", "floating-point", "-b", "32"));
      args.add(speech.toString());
      Sox.run(args.toArray(String[]::new));
      float[] in = WavReader.read(speech).channels()[0];
      float[] reference = soxTo16k(speech, dir.resolve("speech-16k-sox.wav")).channels()[0];
      double whole = snrDb(PolyphaseResampler.resample(in, 48000, 16000), reference);
      double live = snrDb(PolyphaseResampler.lowLatency(48000, 16000).convertWhole(in), reference);
      System.out.printf(
          "%.1f s of speech, 48 -> 16 kHz, SNR against sox rate -v: whole-file design %.1f dB,"
              + " live design %.1f dB%n",
          in.length / 48000.0, whole, live);
      assertTrue(whole > 54, "whole-file design " + whole + " dB");
      assertTrue(live > 45, "live design " + live + " dB");
    }
  }

  private static double snrDb(float[] ours, float[] reference) {
    double signal = 0;
    double error = 0;
    int n = Math.min(ours.length, reference.length);
    for (int i = 1600; i < n - 1600; i++) {
      signal += (double) reference[i] * reference[i];
      double e = ours[i] - reference[i];
      error += e * e;
    }
    return 10 * Math.log10(signal / error);
  }

  private float[] tones(double[] passband, double stopband) {
    float[] in = new float[2 * 44100];
    for (double f : passband) {
      addTone(in, f);
    }
    addTone(in, stopband);
    return in;
  }

  private float[] bySox(float[] in) throws Exception {
    Path source = dir.resolve("tones-44100.wav");
    WavWriter.writeMono(source, in, 44100, SampleEncoding.FLOAT_32);
    DecodedAudio sox = soxTo16k(source, dir.resolve("tones-16000-sox.wav"));
    assertEquals(16000, sox.sampleRateHz());
    return sox.channels()[0];
  }

  /** sox's very high quality conversion to 16 kHz, as 32-bit float. */
  private static DecodedAudio soxTo16k(Path source, Path target) throws Exception {
    Sox.run(
        source.toString(),
        "-e",
        "floating-point",
        "-b",
        "32",
        target.toString(),
        "rate",
        "-v",
        "16000");
    return WavReader.read(target);
  }

  private static void assertLevelsLikeSox(
      float[] ours, float[] reference, double[] frequencies, double toleranceDb) {
    int from = 1600;
    int to = Math.min(ours.length, reference.length) - 1600;
    for (double f : frequencies) {
      double oursDb = db(toneAmplitude(ours, from, to, f, 16000) / AMPLITUDE);
      double soxDb = db(toneAmplitude(reference, from, to, f, 16000) / AMPLITUDE);
      System.out.printf("%.0f Hz: Bowtie %.4f dB, sox %.4f dB%n", f, oursDb, soxDb);
      assertEquals(soxDb, oursDb, toleranceDb, f + " Hz");
    }
  }

  private static double aliasDb(float[] x, double toneHz) {
    return db(toneAmplitude(x, 1600, x.length - 1600, 16000 - toneHz, 16000) / AMPLITUDE);
  }

  private static void addTone(float[] x, double frequencyHz) {
    float[] tone = sine(x.length, frequencyHz, 44100, AMPLITUDE, 0);
    for (int i = 0; i < x.length; i++) {
      x[i] += tone[i];
    }
  }
}
