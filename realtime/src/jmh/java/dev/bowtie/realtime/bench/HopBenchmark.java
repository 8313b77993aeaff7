package dev.bowtie.realtime.bench;

import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.dsp.HopAnalyser;
import dev.bowtie.realtime.dsp.MlsaFilter;
import dev.bowtie.realtime.dsp.SynthesisMode;
import dev.bowtie.realtime.pipeline.VoiceEngine;
import dev.bowtie.realtime.voice.IdentityVoice;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one 5 ms hop of Bowtie's engine at 16 kHz, stage by stage, on the bundled speech
 * sample: analysis (mel-cepstrum + F0), MLSA synthesis, and the whole hop in each synthesis
 * mode. Each call advances through the sample, so silence, vowels and fricatives all count.
 *
 * <p>Run: {@code mvn -q -pl realtime -am -Pbench verify -Djmh.args=HopBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HopBenchmark {
  private static final AnalysisSettings S = AnalysisSettings.DEFAULT;

  private BundledSpeech speech;
  private double[] speechDouble;
  private HopAnalyser analyser;
  private MlsaFilter synthesis;
  private VoiceEngine vocoder;
  private VoiceEngine residual;
  private final float[] hopIn = new float[S.hopSamples()];
  private final float[] hopOut = new float[S.hopSamples()];
  private final double[] excitation = new double[S.hopSamples()];
  private final double[] synthesised = new double[S.hopSamples()];
  private double[] melCepstrum;

  /** Loads the bundled sample and prepares every stage. */
  @Setup
  public void setUp() throws Exception {
    speech = new BundledSpeech(S.hopSamples());
    speechDouble = new double[speech.samples().length];
    for (int i = 0; i < speechDouble.length; i++) {
      speechDouble[i] = speech.samples()[i];
    }
    analyser = new HopAnalyser(S);
    synthesis = new MlsaFilter(S.order(), S.alpha(), 5, false);
    vocoder = new VoiceEngine(S, new IdentityVoice(), SynthesisMode.VOCODER);
    residual = new VoiceEngine(S, new IdentityVoice(), SynthesisMode.RESIDUAL);
    analyser.analyse(speechDouble, 8000);
    melCepstrum = analyser.melCepstrum().clone();
    excitation[0] = Math.sqrt(S.hopSamples());
  }

  /** Mel-cepstral analysis and F0 of one hop. */
  @Benchmark
  public double analysis() {
    analyser.analyse(speechDouble, speech.nextHop());
    return analyser.f0Hz();
  }

  /** MLSA synthesis of one hop (Padé 5, coefficients interpolated per sample). */
  @Benchmark
  public double synthesis() {
    synthesis.filterHop(melCepstrum, excitation, synthesised, S.hopSamples());
    return synthesised[0];
  }

  /** The whole hop in vocoder mode. */
  @Benchmark
  public float hopVocoder() {
    speech.nextHop(hopIn);
    vocoder.processHop(hopIn, hopOut);
    return hopOut[0];
  }

  /** The whole hop in residual mode. */
  @Benchmark
  public float hopResidual() {
    speech.nextHop(hopIn);
    residual.processHop(hopIn, hopOut);
    return hopOut[0];
  }
}
