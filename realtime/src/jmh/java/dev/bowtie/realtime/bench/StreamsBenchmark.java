package dev.bowtie.realtime.bench;

import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.dsp.SynthesisMode;
import dev.bowtie.realtime.model.BatchInference;
import dev.bowtie.realtime.model.FrameInference;
import dev.bowtie.realtime.model.Speaker;
import dev.bowtie.realtime.model.VoiceModel;
import dev.bowtie.realtime.streams.BatchedStreamEngine;
import dev.bowtie.realtime.streams.SeparateStreamEngine;
import dev.bowtie.realtime.streams.SpeechStreams;
import dev.bowtie.realtime.voice.VoiceTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one 5 ms hop of N voice streams on one thread (JMH sample mode: p50, p99, p99.9 per call,
 * which covers all N streams), batched (one encoder and one decoder call for all N) against
 * separate (one engine per stream, N calls of each): the whole hop on N streams of the bundled
 * sentence ({@link SpeechStreams}: stream i starts i/N of the way in), and the model calls alone.
 * Streams speak as the pack's voices in turn.
 *
 * <p>The pack: see {@link BenchPack}.
 *
 * <p>Run: {@code mvn -q -pl realtime -am -Pbench verify -Djmh.args=StreamsBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StreamsBenchmark {
  private static final AnalysisSettings S = AnalysisSettings.DEFAULT;

  /** Number of streams, N. */
  @Param({"1", "4", "16", "64"})
  public int streams;

  private VoiceModel model;
  private SpeechStreams speech;
  private BatchedStreamEngine batched;
  private SeparateStreamEngine separate;
  private BatchInference batchInference;
  private FrameInference[] frameInferences;
  private float[][] hopIn;
  private float[][] hopOut;
  private float[][] features;
  private final float[] converted = new float[S.order()];

  /** Opens the pack and makes both engines and both kinds of inference for N streams. */
  @Setup
  public void setUp() throws Exception {
    model = BenchPack.open(S);
    List<VoiceTarget> targets = new ArrayList<>();
    List<Speaker> speakers = model.pack().speakers();
    for (int s = 0; s < streams; s++) {
      String name = speakers.get(s % speakers.size()).name();
      targets.add(VoiceTarget.resolve(name, model.pack().manifest()));
    }
    speech = new SpeechStreams(new BundledSpeech(S.hopSamples()).samples(), S.hopSamples(), streams);
    batched = new BatchedStreamEngine(model, targets, SynthesisMode.VOCODER);
    separate = new SeparateStreamEngine(model, targets, SynthesisMode.VOCODER);
    batchInference = model.newBatchInference(streams);
    frameInferences = new FrameInference[streams];
    features = new float[streams][S.order()];
    for (int s = 0; s < streams; s++) {
      frameInferences[s] = model.newInference();
      frameInferences[s].setSpeaker(targets.get(s).embedding());
      batchInference.setSpeaker(s, targets.get(s).embedding());
      for (int i = 0; i < S.order(); i++) {
        features[s][i] = (float) Math.sin(s + 0.7 * i);
      }
      batchInference.setFeatures(s, features[s]);
    }
    hopIn = new float[streams][S.hopSamples()];
    hopOut = new float[streams][S.hopSamples()];
  }

  /** Closes the engines, the inferences, then the model. */
  @TearDown
  public void tearDown() {
    batched.close();
    separate.close();
    batchInference.close();
    for (FrameInference inference : frameInferences) {
      inference.close();
    }
    model.close();
  }

  /** A whole hop of N streams, the model run once for all of them. */
  @Benchmark
  public float batchedHop() {
    speech.nextHop(hopIn);
    batched.processHop(hopIn, hopOut);
    return hopOut[0][0];
  }

  /** A whole hop of N streams, one engine (and model run) per stream. */
  @Benchmark
  public float separateHop() {
    speech.nextHop(hopIn);
    separate.processHop(hopIn, hopOut);
    return hopOut[0][0];
  }

  /** The model alone: encoder and decoder once each over N rows, rows copied in and out. */
  @Benchmark
  public float batchedInference() throws Exception {
    for (int s = 0; s < streams; s++) {
      batchInference.setFeatures(s, features[s]);
    }
    batchInference.run();
    float sum = 0;
    for (int s = 0; s < streams; s++) {
      batchInference.converted(s, converted);
      sum += converted[0];
    }
    return sum;
  }

  /** The model alone: encoder and decoder of one row, N times (one inference per stream). */
  @Benchmark
  public float separateInference() throws Exception {
    float sum = 0;
    for (int s = 0; s < streams; s++) {
      frameInferences[s].convert(features[s], converted);
      sum += converted[0];
    }
    return sum;
  }
}
