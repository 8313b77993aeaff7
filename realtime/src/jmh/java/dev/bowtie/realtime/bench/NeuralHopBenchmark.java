package dev.bowtie.realtime.bench;

import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.dsp.SynthesisMode;
import dev.bowtie.realtime.pipeline.VoiceEngine;
import dev.bowtie.realtime.model.FrameInference;
import dev.bowtie.realtime.model.VoiceModel;
import dev.bowtie.realtime.model.VoicePack;
import dev.bowtie.realtime.voice.NeuralVoice;
import dev.bowtie.realtime.voice.VoiceTarget;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the neural path per 5 ms hop on the CPU provider, as a distribution (JMH sample mode
 * reports p50, p99, p99.9): the encoder and decoder of one frame through ONNX Runtime, and the
 * whole hop (analysis, inference, synthesis) through {@link VoiceEngine} with a {@link
 * NeuralVoice}, advancing through the bundled speech sample.
 *
 * <p>The pack: see {@link BenchPack}.
 *
 * <p>Run: {@code mvn -q -pl realtime -am -Pbench verify -Djmh.args=NeuralHopBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NeuralHopBenchmark {
  private static final AnalysisSettings S = AnalysisSettings.DEFAULT;

  private BundledSpeech speech;
  private VoiceModel model;
  private FrameInference inference;
  private NeuralVoice vocoderVoice;
  private NeuralVoice residualVoice;
  private VoiceEngine vocoder;
  private VoiceEngine residual;
  private final float[] features = new float[S.order()];
  private final float[] converted = new float[S.order()];
  private final float[] hopIn = new float[S.hopSamples()];
  private final float[] hopOut = new float[S.hopSamples()];

  /** Opens the pack, loads the bundled sample, and makes one engine per synthesis mode. */
  @Setup
  public void setUp() throws Exception {
    speech = new BundledSpeech(S.hopSamples());
    model = BenchPack.open(S);
    VoicePack pack = model.pack();
    String target = pack.speakers().get(0).name();
    inference = model.newInference();
    inference.setSpeaker(pack.speakers().get(0).embedding());
    vocoderVoice = new NeuralVoice(model, VoiceTarget.resolve(target, pack.manifest()));
    residualVoice = new NeuralVoice(model, VoiceTarget.resolve(target, pack.manifest()));
    vocoder = new VoiceEngine(S, vocoderVoice, SynthesisMode.VOCODER);
    residual = new VoiceEngine(S, residualVoice, SynthesisMode.RESIDUAL);
    for (int i = 0; i < features.length; i++) {
      features[i] = (float) Math.sin(i);
    }
  }

  /** Closes the voices, the inference, then the model. */
  @TearDown
  public void tearDown() {
    vocoderVoice.close();
    residualVoice.close();
    inference.close();
    model.close();
  }

  /** Encoder + decoder of one frame (batch 1), through ONNX Runtime's Java binding. */
  @Benchmark
  public float inference() throws Exception {
    features[0] = -features[0];
    inference.convert(features, converted);
    return converted[0];
  }

  /** The whole hop with a neural voice, vocoder synthesis. */
  @Benchmark
  public float hopNeuralVocoder() {
    speech.nextHop(hopIn);
    vocoder.processHop(hopIn, hopOut);
    return hopOut[0];
  }

  /** The whole hop with a neural voice, residual synthesis. */
  @Benchmark
  public float hopNeuralResidual() {
    speech.nextHop(hopIn);
    residual.processHop(hopIn, hopOut);
    return hopOut[0];
  }
}
