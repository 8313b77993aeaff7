package dev.bowtie.realtime.pipeline;

import dev.bowtie.realtime.ring.WaitStrategyKind;

/**
 * Drives a real {@link LivePipeline} (its voice thread running) from the test thread, which plays
 * both devices: one 5 ms capture block in, wait for the voice thread, one 5 ms playback block out,
 * on a simulated clock.
 */
final class PipelineHarness implements AutoCloseable {
  static final int MODEL_RATE = 16000;
  static final int HOP = 80;
  static final int DEVICE_RATE = 48000;
  static final int BLOCK = 240;

  final LivePipeline pipeline;
  private final float[] in = new float[BLOCK];
  private final float[] out = new float[BLOCK];
  private long simulatedNanos;

  PipelineHarness(HopProcessor voice, WaitStrategyKind wait) {
    this(voice, defaults().withWaitStrategy(wait));
  }

  PipelineHarness(HopProcessor voice, LivePipeline.Config config) {
    pipeline =
        new LivePipeline(
            config,
            new LiveSettings("test", voice, false, 1f),
            r -> {
              Thread t = new Thread(r, "test-voice");
              t.setDaemon(true);
              return t;
            });
    pipeline.start();
  }

  /** The defaults for one-hop device blocks at {@link #DEVICE_RATE}. */
  static LivePipeline.Config defaults() {
    return LivePipeline.Config.defaults(MODEL_RATE, HOP, DEVICE_RATE, DEVICE_RATE, BLOCK);
  }

  /**
   * Runs the signal through the loop block by block.
   *
   * @param signal device-rate input; its length a multiple of {@link #BLOCK}
   * @return device-rate output of the same length
   */
  float[] run(float[] signal) {
    float[] result = new float[signal.length];
    for (int off = 0; off < signal.length; off += BLOCK) {
      step(signal, off, result, off);
    }
    return result;
  }

  /** One block in and one out; allocates nothing. */
  void step(float[] signal, int signalOff, float[] result, int resultOff) {
    System.arraycopy(signal, signalOff, in, 0, BLOCK);
    // Both devices run on one simulated clock, 5 ms per block, so the run is faster than real time
    // but the loop sees steady clocks.
    simulatedNanos += 5_000_000L;
    pipeline.capture().onDeviceBlock(in, BLOCK, simulatedNanos);
    if (!pipeline.awaitVoiceCaughtUp(5_000_000_000L)) {
      throw new AssertionError("voice thread did not keep up within 5 s");
    }
    pipeline.playback().fillDeviceBlock(out, BLOCK, simulatedNanos);
    System.arraycopy(out, 0, result, resultOff, BLOCK);
  }

  static float[] sine(double hz, float amplitude, int samples) {
    float[] s = new float[samples];
    for (int i = 0; i < samples; i++) {
      s[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / DEVICE_RATE));
    }
    return s;
  }

  static float peak(float[] x, int from, int to) {
    float p = 0f;
    for (int i = from; i < to; i++) {
      p = Math.max(p, Math.abs(x[i]));
    }
    return p;
  }

  @Override
  public void close() {
    pipeline.close();
  }
}
