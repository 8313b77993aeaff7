package dev.bowtie.realtime.dsp;

import static dev.bowtie.realtime.testing.Signals.db;
import static dev.bowtie.realtime.testing.Signals.rms;
import static dev.bowtie.realtime.testing.Signals.sine;
import static dev.bowtie.realtime.testing.Signals.snrDb;
import static dev.bowtie.realtime.testing.Signals.toneAmplitude;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolyphaseResamplerTest {

  /** A test signal with energy everywhere: two tones plus white noise. */
  private static float[] testSignal(int length, int rateHz, long seed) {
    Random random = new Random(seed);
    float[] x = sine(length, 440, rateHz, 0.3, 0);
    float[] y = sine(length, 0.37 * rateHz, rateHz, 0.2, 0);
    for (int i = 0; i < length; i++) {
      x[i] += y[i] + (float) (0.1 * random.nextGaussian());
    }
    return x;
  }

  /** Feeds {@code in} in blocks of {@code blockSize} (0 = random sizes up to 600). */
  private static float[] stream(PolyphaseResampler r, float[] in, int blockSize, long seed) {
    Random random = new Random(seed);
    float[] out = new float[r.maxOutput(in.length) + 1];
    int written = 0;
    for (int offset = 0; offset < in.length; ) {
      int n = Math.min(in.length - offset, blockSize > 0 ? blockSize : random.nextInt(601));
      int produced = r.process(in, offset, n, out, written);
      assertTrue(produced <= r.maxOutput(n), () -> produced + " outputs for " + n + " inputs");
      written += produced;
      offset += n;
    }
    return Arrays.copyOf(out, written);
  }

  @ParameterizedTest(name = "{0} -> {1} Hz")
  @CsvSource({
    "44100, 16000",
    "16000, 44100",
    "48000, 16000",
    "16000, 48000",
    "8000, 48000",
    "48000, 44100",
    "22050, 16000",
    "16000, 16000"
  })
  void shouldGiveBitIdenticalOutputWhateverTheBlockSizes(int inRateHz, int outRateHz) {
    float[] in = testSignal(inRateHz / 4, inRateHz, 1);
    float[] whole = stream(new PolyphaseResampler(inRateHz, outRateHz), in, in.length, 0);

    PolyphaseResampler reused = new PolyphaseResampler(inRateHz, outRateHz);
    for (int blockSize : new int[] {1, 7, 80, 512, 0}) {
      reused.reset();
      float[] blocks = stream(reused, in, blockSize, blockSize);
      assertArrayEquals(whole, blocks, "block size " + blockSize);
    }
  }

  @ParameterizedTest(name = "{0} -> {1} Hz")
  @CsvSource({"44100, 16000", "16000, 44100", "48000, 8000", "11025, 48000", "48000, 44100"})
  void shouldProduceExactlyOneSecondOfOutputForOneSecondOfInput(int inRateHz, int outRateHz) {
    float[] in = testSignal(inRateHz, inRateHz, 2);
    float[] out = stream(new PolyphaseResampler(inRateHz, outRateHz), in, 0, 3);
    assertEquals(outRateHz, out.length);
  }

  @Test
  void shouldPassEqualRatesThroughUntouched() {
    PolyphaseResampler r = new PolyphaseResampler(16000, 16000);
    float[] in = testSignal(1000, 16000, 4);
    assertArrayEquals(in, stream(r, in, 7, 0));
    assertEquals(0.0, r.delayOutputSamples());
    assertArrayEquals(in, PolyphaseResampler.resample(in, 16000, 16000));
  }

  @Test
  void shouldNotAllocateWhileProcessing() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    PolyphaseResampler r = new PolyphaseResampler(48000, 16000);
    float[] in = testSignal(240, 48000, 5);
    float[] out = new float[r.maxOutput(in.length)];
    for (int i = 0; i < 20_000; i++) {
      r.process(in, 0, in.length, out, 0);
    }
    long id = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < 10_000; i++) {
      r.process(in, 0, in.length, out, 0);
    }
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    // The measurement itself may cost a few bytes; 10 000 calls that allocated would cost far more.
    assertTrue(allocated < 1024, allocated + " bytes allocated in 10 000 calls");
  }

  @Test
  void shouldRoundTrip1kHzThrough16kHzWithSnrAbove60dB() {
    float[] in = sine(44100, 1000, 44100, 0.5, 0);

    float[] down = PolyphaseResampler.resample(in, 44100, 16000);
    float[] back = PolyphaseResampler.resample(down, 16000, 44100);

    assertEquals(16000, down.length);
    assertEquals(in.length, back.length);
    double snr = snrDb(in, back, 4410, in.length - 4410);
    System.out.printf("44.1k -> 16k -> 44.1k round trip of 1 kHz: SNR %.1f dB%n", snr);
    assertTrue(snr > 60, "SNR " + snr + " dB");
  }

  @ParameterizedTest(name = "{0} Hz")
  @CsvSource({"8000", "8500", "10000", "15000", "21000"})
  void shouldAttenuateTonesAboveTheOutputNyquistByMoreThan60dB(double frequencyHz) {
    float[] in = sine(44100, frequencyHz, 44100, 0.5, 0);

    float[] out = PolyphaseResampler.resample(in, 44100, 16000);

    double attenuation = db(rms(out, 1600, 14400) / rms(in, 4410, 39690));
    System.out.printf("%.0f Hz, 44.1k -> 16k: %.1f dB%n", frequencyHz, attenuation);
    assertTrue(attenuation < -60, attenuation + " dB");
  }

  @ParameterizedTest(name = "{0} Hz")
  @CsvSource({"1000", "5000", "7200"})
  void shouldSuppressImagesWhenUpsamplingByMoreThan60dB(double frequencyHz) {
    float[] in = sine(16000, frequencyHz, 16000, 0.5, 0);

    float[] out = PolyphaseResampler.resample(in, 16000, 44100);

    double image = toneAmplitude(out, 4410, 39690, 16000 - frequencyHz, 44100) / 0.5;
    System.out.printf("image of %.0f Hz at 16k -> 44.1k: %.1f dB%n", frequencyHz, db(image));
    assertTrue(db(image) < -60, db(image) + " dB");
  }

  @ParameterizedTest(name = "{0} -> {1} Hz")
  @CsvSource({"44100, 16000", "16000, 44100", "48000, 44100", "8000, 22050"})
  void shouldKeepThePassbandFlatWithin0point01dB(int inRateHz, int outRateHz) {
    double passbandEdgeHz = 0.9 * Math.min(inRateHz, outRateHz) / 2;
    double worst = 0;
    for (double fraction : new double[] {0.01, 0.2, 0.5, 0.8, 0.95, 1.0}) {
      double frequencyHz = fraction * passbandEdgeHz;
      float[] out =
          PolyphaseResampler.resample(
              sine(inRateHz, frequencyHz, inRateHz, 0.5, 0), inRateHz, outRateHz);
      double gainDb =
          db(toneAmplitude(out, outRateHz / 10, outRateHz * 9 / 10, frequencyHz, outRateHz) / 0.5);
      worst = Math.max(worst, Math.abs(gainDb));
    }
    System.out.printf("passband ripple %d -> %d Hz: %.5f dB%n", inRateHz, outRateHz, worst);
    assertTrue(worst < 0.01, worst + " dB");
  }

  @Test
  void shouldDelayStreamedOutputByDelayOutputSamples() {
    PolyphaseResampler r = new PolyphaseResampler(44100, 16000);
    float[] in = sine(44100, 1000, 44100, 0.5, 0);

    float[] out = stream(r, in, 512, 0);
    float[] expected = sine(out.length, 1000, 16000, 0.5, r.delayOutputSamples());

    double snr = snrDb(expected, out, 1600, out.length - 1600);
    assertTrue(snr > 60, "SNR " + snr + " dB");
  }

  @ParameterizedTest(name = "{0} samples at {1} -> {2} Hz")
  @CsvSource({
    "44101, 44100, 16000",
    "16003, 16000, 44100",
    "48000, 48000, 8000",
    "7999, 8000, 48000"
  })
  void shouldAlignWholeSignalConversionAndRoundItsLength(int length, int inRateHz, int outRateHz) {
    float[] in = sine(length, 700, inRateHz, 0.5, 0);

    float[] out = PolyphaseResampler.resample(in, inRateHz, outRateHz);

    assertEquals(Math.round((double) length * outRateHz / inRateHz), out.length);
    float[] expected = sine(out.length, 700, outRateHz, 0.5, 0);
    double snr = snrDb(expected, out, outRateHz / 20, out.length - outRateHz / 20);
    assertTrue(snr > 60, "SNR " + snr + " dB");
  }

  @Test
  void shouldRepeatItselfAfterReset() {
    PolyphaseResampler r = new PolyphaseResampler(16000, 48000);
    float[] in = testSignal(3000, 16000, 6);
    float[] first = stream(r, in, 80, 0);
    r.reset();
    assertArrayEquals(first, stream(r, in, 80, 0));
  }

  @Test
  void shouldStateItsDelayOf3point15msWhen16kHzIsTheLowerRate() {
    for (int otherRateHz : new int[] {22050, 44100, 48000}) {
      double down = new PolyphaseResampler(otherRateHz, 16000).delayOutputSamples() / 16000;
      double up = new PolyphaseResampler(16000, otherRateHz).delayOutputSamples() / otherRateHz;
      System.out.printf(
          "delay %d <-> 16000 Hz: %.3f ms down, %.3f ms up%n", otherRateHz, down * 1e3, up * 1e3);
      assertEquals(3.15e-3, down, 0.02e-3);
      assertEquals(3.15e-3, up, 0.02e-3);
    }
    assertEquals(277, new PolyphaseResampler(44100, 16000).tapsPerPhase());
  }

  @Test
  void shouldKeepTheLiveDesignWithinTheHalfMillisecondBudgetPerDirection() {
    for (int otherRateHz : new int[] {22050, 44100, 48000}) {
      double down = PolyphaseResampler.lowLatency(otherRateHz, 16000).delayOutputSamples() / 16000;
      double up =
          PolyphaseResampler.lowLatency(16000, otherRateHz).delayOutputSamples() / otherRateHz;
      System.out.printf(
          "live design, delay %d <-> 16000 Hz: %.3f ms down, %.3f ms up%n",
          otherRateHz, down * 1e3, up * 1e3);
      assertTrue(down <= 0.5e-3, "down " + down);
      assertTrue(up <= 0.5e-3, "up " + up);
    }
  }

  @Test
  void shouldRejectRatesOutside8To48kHz() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new PolyphaseResampler(96000, 16000));
    assertEquals("input rate 96000 Hz is not in 8000..48000", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new PolyphaseResampler(16000, 7999));
    assertThrows(
        IllegalArgumentException.class, () -> new PolyphaseResampler(16000, 44100, 0.3, 1.0, 80));
  }
}
