package dev.bowtie.realtime.pipeline;

import java.util.concurrent.locks.LockSupport;

/** Voices for the loop's tests: each does one simple, checkable thing to a hop. */
final class TestVoices {
  private TestVoices() {}

  /** A voice with no latency of its own. */
  private abstract static class ZeroLatency implements HopProcessor {
    final int hop;

    ZeroLatency(int hopSamples) {
      this.hop = hopSamples;
    }

    @Override
    public int hopSamples() {
      return hop;
    }

    @Override
    public int latencySamples() {
      return 0;
    }
  }

  /** Multiplies by a gain, delayed by a fixed number of samples. */
  static final class Gain implements HopProcessor {
    private final int hop;
    private final float gain;
    private final int latency;
    private final float[] history;
    private int written;

    /** Hops processed; read it after the pipeline has caught up. */
    int hopsProcessed;

    Gain(int hopSamples, float gain, int latencySamples) {
      this.hop = hopSamples;
      this.gain = gain;
      this.latency = latencySamples;
      this.history = new float[latencySamples + hopSamples];
    }

    @Override
    public int hopSamples() {
      return hop;
    }

    @Override
    public int latencySamples() {
      return latency;
    }

    @Override
    public void processHop(float[] input, float[] output) {
      int n = history.length;
      for (int i = 0; i < hop; i++) {
        history[(written + i) % n] = input[i];
      }
      for (int i = 0; i < hop; i++) {
        int t = written + i - latency;
        output[i] = t < 0 ? 0f : gain * history[((t % n) + n) % n];
      }
      written += hop;
      hopsProcessed++;
    }
  }

  /** Outputs silence, but takes {@code delayNanos} per hop: slower than real time. */
  static final class Slow extends ZeroLatency {
    private final long delayNanos;

    Slow(int hopSamples, long delayNanos) {
      super(hopSamples);
      this.delayNanos = delayNanos;
    }

    @Override
    public void processHop(float[] input, float[] output) {
      long end = System.nanoTime() + delayNanos;
      while (System.nanoTime() < end) {
        LockSupport.parkNanos(end - System.nanoTime());
      }
      java.util.Arrays.fill(output, 0f);
    }
  }

  /** Copies the input but writes NaN and infinity into every {@code period}-th hop. */
  static final class Broken extends ZeroLatency {
    private final int period;
    private long hops;

    Broken(int hopSamples, int period) {
      super(hopSamples);
      this.period = period;
    }

    @Override
    public void processHop(float[] input, float[] output) {
      System.arraycopy(input, 0, output, 0, hop);
      if (++hops % period == 0) {
        output[3] = Float.NaN;
        output[7] = Float.POSITIVE_INFINITY;
      }
    }
  }

  /** Passes the input through and reports every {@code period}-th hop as a fault it handled. */
  static final class SelfGuarding extends ZeroLatency {
    private final int period;
    private long hops;
    private volatile long faults;

    SelfGuarding(int hopSamples, int period) {
      super(hopSamples);
      this.period = period;
    }

    @Override
    public void processHop(float[] input, float[] output) {
      System.arraycopy(input, 0, output, 0, hop);
      if (++hops % period == 0) {
        faults++;
      }
    }

    @Override
    public long faults() {
      return faults;
    }
  }

  /**
   * Passes the input through, but holds the voice thread while stalled, as a descheduling would.
   */
  static final class Stalling extends ZeroLatency {
    volatile boolean stalled;

    Stalling(int hopSamples) {
      super(hopSamples);
    }

    @Override
    public void processHop(float[] input, float[] output) {
      while (stalled) {
        LockSupport.parkNanos(100_000L);
      }
      System.arraycopy(input, 0, output, 0, hop);
    }
  }
}
