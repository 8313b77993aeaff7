package dev.bowtie.realtime.bench;

import ai.onnxruntime.OrtException;
import dev.bowtie.realtime.dsp.AnalysisClock;
import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.dsp.AnalysisSynthesis;
import dev.bowtie.realtime.dsp.PolyphaseResampler;
import dev.bowtie.realtime.dsp.SynthesisMode;
import dev.bowtie.realtime.model.FrameInference;
import dev.bowtie.realtime.model.VoiceModel;
import dev.bowtie.realtime.voice.NeuralMapping;
import dev.bowtie.realtime.voice.Voice;
import dev.bowtie.realtime.voice.VoiceTarget;

/**
 * One voice through the engine's own stage objects, hop by hop, each stage timed: the live loop's
 * rate converters ({@link PolyphaseResampler#lowLatency}) around {@link AnalysisSynthesis}, whose
 * analysis tells its steps through an {@link AnalysisClock}, and between them the voice. A neural
 * voice runs as {@code NeuralVoice} does, a {@link NeuralMapping} around a {@link FrameInference},
 * but with the encoder and the decoder called one at a time so that each is timed; a built-in voice
 * converts the frame itself (its time counts in the whole hop only).
 *
 * <p>One thread. Close it to release a neural voice's inference.
 */
final class EngineSubject implements HopSubject, AnalysisClock {
  private final String name;
  private final StageTimes times;
  private final PolyphaseResampler toModelRate;
  private final PolyphaseResampler toDeviceRate;
  private final AnalysisSynthesis dsp;
  private final float[] modelIn;
  private final float[] modelOut;
  private final Voice voice;
  private final NeuralMapping mapping;
  private final FrameInference inference;
  private final float[] features;
  private final float[] latent;
  private final float[] converted;
  private long stepStart;

  private EngineSubject(
      String name,
      AnalysisSettings settings,
      int deviceRateHz,
      SynthesisMode mode,
      int capacity,
      Voice voice,
      NeuralMapping mapping,
      FrameInference inference,
      int latentDim) {
    this.name = name;
    this.voice = voice;
    this.mapping = mapping;
    this.inference = inference;
    times = new StageTimes(capacity);
    for (HopStage s : HopStage.values()) {
      boolean model = s == HopStage.ENCODER || s == HopStage.DECODER;
      if (!model || inference != null) {
        times.measures(s);
      }
    }
    toModelRate = PolyphaseResampler.lowLatency(deviceRateHz, settings.sampleRateHz());
    toDeviceRate = PolyphaseResampler.lowLatency(settings.sampleRateHz(), deviceRateHz);
    dsp = new AnalysisSynthesis(settings, mode);
    dsp.setAnalysisClock(this);
    int deviceHop = settings.hopSamples() * deviceRateHz / settings.sampleRateHz();
    modelIn = new float[toModelRate.maxOutput(deviceHop)];
    modelOut = new float[settings.hopSamples()];
    features = new float[settings.order()];
    latent = new float[latentDim];
    converted = new float[settings.order()];
  }

  /**
   * A voice of a pack (a speaker or a blend), through its model.
   *
   * @param model the opened pack
   * @param target the speaker or blend
   * @param deviceRateHz the rate of the hops given to {@link #processHop}
   * @param mode how the excitation is made
   * @param capacity the most hops that will be measured
   */
  static EngineSubject neural(
      VoiceModel model, VoiceTarget target, int deviceRateHz, SynthesisMode mode, int capacity) {
    AnalysisSettings settings = model.pack().manifest().settings();
    FrameInference inference = model.newInference();
    inference.setSpeaker(target.embedding());
    return new EngineSubject(
        target.name(),
        settings,
        deviceRateHz,
        mode,
        capacity,
        null,
        new NeuralMapping(model.pack().manifest(), target),
        inference,
        model.pack().manifest().latentDim());
  }

  /**
   * A voice that converts frames itself (a built-in DSP voice).
   *
   * @param voice the voice
   * @param settings analysis settings
   * @param deviceRateHz the rate of the hops given to {@link #processHop}
   * @param mode how the excitation is made
   * @param capacity the most hops that will be measured
   */
  static EngineSubject builtIn(
      Voice voice, AnalysisSettings settings, int deviceRateHz, SynthesisMode mode, int capacity) {
    return new EngineSubject(
        voice.name(), settings, deviceRateHz, mode, capacity, voice, null, null, 0);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String kind() {
    return inference != null ? "neural voice" : "built-in voice";
  }

  @Override
  public StageTimes times() {
    return times;
  }

  @Override
  public long faults() {
    return dsp.faults() + (mapping != null ? mapping.modelFaults() : voice.faults());
  }

  @Override
  public void processHop(float[] in, float[] out) {
    long start = System.nanoTime();
    times.hopStarts(start);
    int samples = toModelRate.process(in, 0, in.length, modelIn, 0);
    if (samples != modelOut.length) {
      throw new IllegalStateException(
          "the device hop gave " + samples + " samples at the model rate, not " + modelOut.length);
    }
    long resampledIn = System.nanoTime();
    stepStart = resampledIn;
    dsp.analyse(modelIn);
    double f0 = convert(dsp.frame(), dsp.f0Hz());
    long synthesisStart = System.nanoTime();
    dsp.synthesise(f0, modelOut);
    long synthesised = System.nanoTime();
    toDeviceRate.process(modelOut, 0, modelOut.length, out, 0);
    long end = System.nanoTime();
    times.record(HopStage.SYNTHESIS, synthesised - synthesisStart);
    times.record(HopStage.RESAMPLING, (resampledIn - start) + (end - synthesised));
    times.record(HopStage.HOP, end - start);
  }

  private double convert(double[] frame, double f0Hz) {
    if (mapping == null) {
      return voice.convert(frame, f0Hz);
    }
    mapping.normalise(frame, features);
    try {
      long t0 = System.nanoTime();
      inference.encode(features, latent);
      long t1 = System.nanoTime();
      inference.decode(latent, converted);
      long t2 = System.nanoTime();
      times.record(HopStage.ENCODER, t1 - t0);
      times.record(HopStage.DECODER, t2 - t1);
    } catch (OrtException e) {
      return mapping.modelFailed(f0Hz);
    }
    return mapping.apply(converted, frame, f0Hz);
  }

  @Override
  public void melCepstrumDone() {
    long now = System.nanoTime();
    times.record(HopStage.MEL_CEPSTRUM, now - stepStart);
    stepStart = now;
  }

  @Override
  public void f0Done() {
    long now = System.nanoTime();
    times.record(HopStage.F0, now - stepStart);
    stepStart = now;
  }

  @Override
  public void close() {
    if (inference != null) {
      inference.close();
    }
    if (voice != null) {
      voice.close();
    }
  }
}
