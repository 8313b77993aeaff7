package dev.bowtie.realtime.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.dsp.SynthesisMode;
import dev.bowtie.realtime.testing.BlockStream;
import dev.bowtie.realtime.testing.Signals;
import dev.bowtie.realtime.testing.TestSpeech;
import dev.bowtie.realtime.voice.IdentityVoice;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The engine on real (TTS) speech: exact streaming, identity quality, no allocation. */
class VoiceEngineTest {
  private static final AnalysisSettings S = AnalysisSettings.DEFAULT;
  static float[] speech;

  @BeforeAll
  static void speak() throws Exception {
    speech = Signals.toFloats(TestSpeech.sltSentence());
  }

  static float[] run(SynthesisMode mode, int[] blocks) {
    BlockStream stream = new BlockStream(new VoiceEngine(S, new IdentityVoice(), mode));
    float[] out = new float[speech.length];
    int pos = 0;
    int b = 0;
    while (pos < speech.length) {
      int n = Math.min(blocks[b++ % blocks.length], speech.length - pos);
      stream.process(speech, out, pos, n);
      pos += n;
    }
    return out;
  }

  @Test
  void shouldPlayDigitalSilenceAsSilenceButAQuietMicrophoneAsSound() {
    // One second of digital silence, one of a quiet microphone's hiss (-70 dBFS RMS), then the
    // sentence: without the gate the vocoder plays its analysis floor (about -63 dBFS peak) in the
    // first second.
    int second = S.sampleRateHz();
    float[] in = new float[2 * second + speech.length];
    Random random = new Random(5);
    for (int i = second; i < 2 * second; i++) {
      in[i] = (float) (random.nextGaussian() * Math.pow(10, -70 / 20.0));
    }
    System.arraycopy(speech, 0, in, 2 * second, speech.length);
    BlockStream stream =
        new BlockStream(new VoiceEngine(S, new IdentityVoice(), SynthesisMode.VOCODER));
    float[] out = new float[in.length];
    stream.process(in, out, 0, in.length);
    // The stream delays by one hop; the gate closes over the engine's first hop.
    double silencePeak = peak(out, 2 * S.hopSamples(), second);
    double hissRms = rms(out, second + second / 2, 2 * second);
    double speechRms = rms(out, 2 * second, out.length);
    System.out.printf(
        "vocoder: digital silence peak %.1f dBFS, hiss %.1f dBFS RMS, speech %.1f dBFS RMS%n",
        db(silencePeak), db(hissRms), db(speechRms));
    assertEquals(0.0, silencePeak, "output during digital silence");
    assertTrue(db(hissRms) > -90, "a quiet microphone still sounds: " + db(hissRms) + " dBFS");
    assertTrue(db(speechRms) > -40, "speech: " + db(speechRms) + " dBFS");
  }

  private static double peak(float[] x, int from, int to) {
    double p = 0;
    for (int i = from; i < to; i++) {
      p = Math.max(p, Math.abs(x[i]));
    }
    return p;
  }

  private static double rms(float[] x, int from, int to) {
    double e = 0;
    for (int i = from; i < to; i++) {
      e += (double) x[i] * x[i];
    }
    return Math.sqrt(e / (to - from));
  }

  private static double db(double amplitude) {
    return 20 * Math.log10(Math.max(amplitude, 1e-12));
  }

  @ParameterizedTest
  @EnumSource(SynthesisMode.class)
  void shouldGiveTheSameSamplesWhateverTheBlockSize(SynthesisMode mode) {
    float[] whole = run(mode, new int[] {speech.length});
    Random random = new Random(3);
    int[] randomBlocks = new int[97];
    for (int i = 0; i < randomBlocks.length; i++) {
      randomBlocks[i] = 1 + random.nextInt(700);
    }
    for (int[] blocks : new int[][] {{1}, {7}, {80}, {512}, randomBlocks}) {
      assertArrayEquals(whole, run(mode, blocks), "blocks of " + blocks[0]);
    }
  }

  @Test
  void shouldRebuildTheInputInResidualModeAbove30Db() {
    float[] out = run(SynthesisMode.RESIDUAL, new int[] {S.hopSamples()});
    int lag = S.hopSamples();
    double signal = 0;
    double noise = 0;
    for (int i = 0; i + lag < speech.length; i++) {
      double e = out[i + lag] - speech[i];
      signal += speech[i] * speech[i];
      noise += e * e;
    }
    double snrDb = 10 * Math.log10(signal / noise);
    System.out.printf("residual-mode identity: SNR %.1f dB%n", snrDb);
    assertTrue(snrDb > 30, "SNR " + snrDb + " dB");
  }

  @ParameterizedTest
  @EnumSource(SynthesisMode.class)
  void shouldNotAllocateWhileProcessingHops(SynthesisMode mode) {
    VoiceEngine engine = new VoiceEngine(S, new IdentityVoice(), mode);
    int hop = S.hopSamples();
    float[] in = new float[hop];
    float[] out = new float[hop];
    int hops = speech.length / hop;
    for (int h = 0; h < hops; h++) {
      System.arraycopy(speech, h * hop, in, 0, hop);
      engine.processHop(in, out);
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(id);
    for (int round = 0; round < 5; round++) {
      for (int h = 0; h < hops; h++) {
        System.arraycopy(speech, h * hop, in, 0, hop);
        engine.processHop(in, out);
      }
    }
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    assertEquals(0, allocated, "bytes allocated over " + 5 * hops + " hops");
  }
}
