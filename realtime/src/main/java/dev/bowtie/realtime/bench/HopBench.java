package dev.bowtie.realtime.bench;

import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.dsp.SynthesisMode;
import dev.bowtie.realtime.model.VoiceModel;
import dev.bowtie.realtime.voice.VoiceCatalog;
import dev.bowtie.realtime.voice.VoiceTarget;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bench hop}'s engine: voices through the engine's stages and the baselines (TarsosDSP's
 * pitch shifter, pass-through) run on the same speech, interleaved hop by hop on one thread so that
 * their ratios hold on a busy machine; then SPTK's command-line pipeline on the same audio. It
 * records each stage's time per hop ({@link StageTimes}), the bytes the thread allocates in each
 * subject (from the JVM's per-thread counter, read between subjects) and the garbage collector's
 * pauses.
 *
 * <p>Thread rules: {@link #run} on one thread; {@link #hopsDone()} and {@link #totalHops()} from
 * any (for a progress bar). Not reusable: one run per instance. Close it to release the voices'
 * inferences.
 */
public final class HopBench implements AutoCloseable {
  /** The device rate the hops come in at, the live loop's usual rate. */
  public static final int DEVICE_RATE_HZ = 48000;

  /** The TarsosDSP baseline's pitch factor. */
  public static final double TARSOS_PITCH_FACTOR = TarsosPitchShifterSubject.FACTOR;

  /** The TarsosDSP baseline's FFT frame in samples. */
  public static final int TARSOS_FRAME_SAMPLES = TarsosPitchShifterSubject.FRAME_SAMPLES;

  private final List<HopSubject> subjects = new ArrayList<>();
  private final AnalysisSettings settings;
  private final int warmUpHops;
  private final int hops;
  private volatile long hopsDone;

  /**
   * Makes the voices and the baselines.
   *
   * @param model the opened pack, or null for built-in voices only
   * @param settings the engine's analysis settings
   * @param voices voice names: pack speakers, blends ({@code a:0.6,b:0.4}) or built-in voices
   * @param mode how the excitation is made
   * @param seconds seconds of audio measured per subject
   * @param warmUpSeconds seconds of audio run first and not measured
   * @throws IllegalArgumentException naming an unknown voice
   */
  public HopBench(
      VoiceModel model,
      AnalysisSettings settings,
      List<String> voices,
      SynthesisMode mode,
      double seconds,
      double warmUpSeconds) {
    this.settings = settings;
    double hopSeconds = (double) settings.hopSamples() / settings.sampleRateHz();
    hops = Math.max(1, (int) Math.round(seconds / hopSeconds));
    warmUpHops = (int) Math.round(warmUpSeconds / hopSeconds);
    VoiceCatalog builtIn = VoiceCatalog.builtIn(settings.order());
    try {
      for (String v : voices) {
        boolean neural =
            model != null && (VoiceTarget.isBlend(v) || model.pack().manifest().speaker(v) != null);
        subjects.add(
            neural
                ? EngineSubject.neural(
                    model,
                    VoiceTarget.resolve(v, model.pack().manifest()),
                    DEVICE_RATE_HZ,
                    mode,
                    hops)
                : EngineSubject.builtIn(builtIn.create(v), settings, DEVICE_RATE_HZ, mode, hops));
      }
      subjects.add(new TarsosPitchShifterSubject(DEVICE_RATE_HZ, deviceHopSamples(), hops));
      subjects.add(new PassThroughSubject(hops));
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Samples per hop at {@link #DEVICE_RATE_HZ}. */
  public int deviceHopSamples() {
    return settings.hopSamples() * DEVICE_RATE_HZ / settings.sampleRateHz();
  }

  /** Hops each subject runs, warm-up included. */
  public long totalHops() {
    return warmUpHops + hops;
  }

  /** Hops every subject has run so far. */
  public long hopsDone() {
    return hopsDone;
  }

  /**
   * Runs every subject over the speech (looped as needed), then SPTK over the same amount of it.
   *
   * @param speechAtDeviceRate the speech at {@link #DEVICE_RATE_HZ}
   * @param speechAtModelRate the same speech at the model rate, for SPTK
   * @return what was measured
   */
  public HopBenchResult run(float[] speechAtDeviceRate, float[] speechAtModelRate) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    int hop = deviceHopSamples();
    int usable = Math.max(hop, speechAtDeviceRate.length / hop * hop);
    float[] speech = Arrays.copyOf(speechAtDeviceRate, usable);
    float[] in = new float[hop];
    float[] out = new float[hop];
    long[] allocated = new long[subjects.size()];
    long[] faultsBefore = new long[subjects.size()];
    GcPauses gc = null;
    long measureStart = 0;
    long total = totalHops();
    try {
      for (long h = 0; h < total; h++) {
        if (h == warmUpHops) {
          for (int i = 0; i < subjects.size(); i++) {
            subjects.get(i).times().startRecording();
            faultsBefore[i] = subjects.get(i).faults();
            allocated[i] = 0;
          }
          gc = new GcPauses();
          measureStart = System.nanoTime();
        }
        System.arraycopy(speech, (int) (h * hop % usable), in, 0, hop);
        for (int i = 0; i < allocated.length; i++) {
          long before = threads.getCurrentThreadAllocatedBytes();
          subjects.get(i).processHop(in, out);
          allocated[i] += threads.getCurrentThreadAllocatedBytes() - before;
        }
        hopsDone = h + 1;
      }
      long wall = System.nanoTime() - measureStart;
      List<GcPause> pauses = gc.pauses();
      List<SubjectResult> results = new ArrayList<>();
      for (int i = 0; i < subjects.size(); i++) {
        HopSubject s = subjects.get(i);
        results.add(
            new SubjectResult(
                s.name(),
                s.kind(),
                s.times(),
                (double) allocated[i] / hops,
                s.faults() - faultsBefore[i]));
      }
      double hopSeconds = (double) settings.hopSamples() / settings.sampleRateHz();
      return new HopBenchResult(
          results, pauses, sptk(speechAtModelRate), hops, hopSeconds, measureStart, wall);
    } finally {
      if (gc != null) {
        gc.close();
      }
    }
  }

  private SptkBaseline.Result sptk(float[] speechAtModelRate) {
    if (!settings.equals(AnalysisSettings.DEFAULT)) {
      return new SptkBaseline.Result(
          "the pack's analysis settings differ from the engine's defaults, which the SPTK"
              + " pipeline is written for",
          SptkBaseline.PIPELINE,
          0,
          0);
    }
    int samples = hops * settings.hopSamples();
    float[] audio = new float[samples];
    for (int i = 0; i < samples; i++) {
      audio[i] = speechAtModelRate[i % speechAtModelRate.length];
    }
    return SptkBaseline.run(audio, settings.hopSamples());
  }

  @Override
  public void close() {
    for (HopSubject s : subjects) {
      s.close();
    }
  }
}
