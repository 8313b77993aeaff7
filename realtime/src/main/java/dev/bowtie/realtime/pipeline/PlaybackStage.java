package dev.bowtie.realtime.pipeline;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import dev.bowtie.realtime.dsp.PolyphaseResampler;
import dev.bowtie.realtime.ring.HopEvent;

/**
 * The playback thread's work: fills each device block from the output ring, resampled to the device
 * rate. When no processed hop is ready it plays a hop of silence and counts an underrun.
 *
 * <p>Drift: capture and playback run on different clocks. This stage watches the lowest queue
 * (model-rate samples between capture and playback) over each half second and steers it to a small
 * margin by reading the stream a few hundred ppm faster or slower ({@link DriftCorrector}), so
 * latency stays flat for hours; a queue far above target (after a stall) is cut back by whole hops
 * at once, counted as skipped.
 *
 * <p>Thread rules: the playback thread only; {@link #fillDeviceBlock} allocates nothing.
 */
public final class PlaybackStage implements DriftCorrector.HopSource {
  /** Largest correction: 1000 ppm is 1.7 cents of pitch, far below what a listener notices. */
  static final double MAX_PPM = 1000.0;

  private static final double KP_PPM_PER_SAMPLE = 8.0;
  private static final double KI_PPM_PER_SAMPLE = 0.5;
  private static final int SKIP_ABOVE_HOPS = 3;
  private static final double TARGET_STEP_NANOS = 100_000;

  private final RingBuffer<HopEvent> output;
  private final EventPoller<HopEvent> poller;
  private final LiveCounters counters;
  private final PolyphaseResampler toDeviceRate;
  private final DriftCorrector corrector;
  private final boolean driftCompensation;
  private final int hop;
  private final double marginSamples;
  private final int windowFrames;
  private final double nanosPerSample;
  private final float[] modelRate;
  private final float[] deviceFifo;
  private final PollTarget pollTarget = new PollTarget();

  private int fifoLength;
  private boolean primed;
  private long played;
  private int primingHops;
  private double windowMin = Double.MAX_VALUE;
  private int windowFill;
  private double windowAgeSum;
  private int windowBlocks;
  private double targetAgeNanos = Double.NaN;
  private long lastCaptureNanos;
  private double integral;
  private double ppm;
  private boolean raisedForUnderrun;

  /**
   * @param output the ring the voice thread publishes to
   * @param counters where underruns, played hops and drift are recorded
   * @param toDeviceRate resampler from the model rate to the device rate
   * @param hopSamples samples per hop at the model rate
   * @param modelRateHz the model rate
   * @param deviceRateHz the playback device rate
   * @param maxBlockFrames the largest block {@link #fillDeviceBlock} will be asked for
   * @param marginSamples the queue's target low-water mark, in model-rate samples
   * @param driftCompensation whether to steer the queue; off only to show what drift does
   */
  public PlaybackStage(
      RingBuffer<HopEvent> output,
      LiveCounters counters,
      PolyphaseResampler toDeviceRate,
      int hopSamples,
      int modelRateHz,
      int deviceRateHz,
      int maxBlockFrames,
      double marginSamples,
      boolean driftCompensation) {
    this.output = output;
    this.poller = output.newPoller();
    output.addGatingSequences(poller.getSequence());
    this.counters = counters;
    this.toDeviceRate = toDeviceRate;
    this.corrector = new DriftCorrector(hopSamples, this);
    this.driftCompensation = driftCompensation;
    this.hop = hopSamples;
    this.marginSamples = marginSamples;
    this.windowFrames = deviceRateHz / 2;
    this.nanosPerSample = 1e9 / modelRateHz;
    this.modelRate = new float[hopSamples];
    this.deviceFifo = new float[maxBlockFrames + toDeviceRate.maxOutput(hopSamples) + 1];
  }

  /**
   * Fills one device block.
   *
   * @param out destination, device-rate mono samples
   * @param frames how many to write
   * @param nowNanos the playback clock, on the same time base as the capture stage's stamps ({@link
   *     System#nanoTime()} on real devices)
   */
  public void fillDeviceBlock(float[] out, int frames, long nowNanos) {
    if (primed) {
      steer(frames, nowNanos);
    } else {
      primed = output.getCursor() - poller.getSequence().get() >= Math.ceil(marginSamples / hop);
    }
    double ratio = 1.0 + ppm * 1e-6;
    while (fifoLength < frames) {
      corrector.produce(modelRate, hop, ratio);
      fifoLength += toDeviceRate.process(modelRate, 0, hop, deviceFifo, fifoLength);
    }
    System.arraycopy(deviceFifo, 0, out, 0, frames);
    clampToCeiling(out, frames);
    fifoLength -= frames;
    System.arraycopy(deviceFifo, frames, deviceFifo, 0, fifoLength);
    counters.raiseOutputPeak(LiveCounters.peakOf(out, frames));
    counters.playedFrames.lazySet(counters.playedFrames.get() + frames);
  }

  /**
   * Starts steering afresh after the devices were closed and opened again (a sound server that
   * restarted, say): waits for the margin again and forgets the latency target and the correction,
   * which belonged to the old device clocks. Call it from the control thread once the old playback
   * thread has ended and before the next starts ({@code DeviceLoop.threadsEnded}); the next
   * thread's start publishes the change to it.
   */
  public void restartSteering() {
    primed = false;
    targetAgeNanos = Double.NaN;
    integral = 0;
    ppm = 0;
    windowMin = Double.MAX_VALUE;
    windowFill = 0;
    windowAgeSum = 0;
    windowBlocks = 0;
    raisedForUnderrun = false;
    counters.driftPpm = 0;
    counters.targetLatencyNanos = Double.NaN;
  }

  /**
   * Offline playback, for a file sink that has no device clock: converts every processed hop
   * waiting in the output ring to the device rate at once, through the same converter and final
   * clamp as {@link #fillDeviceBlock}. With no second clock there is nothing to steer: the drift
   * corrector would read at a ratio of exactly 1, where it passes samples unchanged, so it is left
   * out, and there is no priming wait, no skipping and never a hop of silence. A stage is driven
   * either this way or by {@link #fillDeviceBlock}, never both.
   *
   * @param out destination; room for {@link #maxDrainFrames} of the hops the ring can hold
   * @return device-rate frames written
   */
  public int drainReadyHops(float[] out) {
    int written = 0;
    while (true) {
      if (!takeHop(modelRate)) {
        break;
      }
      played++;
      counters.playedHops.lazySet(played);
      written += toDeviceRate.process(modelRate, 0, hop, out, written);
    }
    clampToCeiling(out, written);
    counters.raiseOutputPeak(LiveCounters.peakOf(out, written));
    counters.playedFrames.lazySet(counters.playedFrames.get() + written);
    return written;
  }

  /**
   * @param hops processed hops
   * @return the most device-rate frames {@link #drainReadyHops} writes for that many hops
   */
  public int maxDrainFrames(int hops) {
    return hops * toDeviceRate.maxOutput(hop);
  }

  /** Hops of silence played while waiting for the queue to reach its margin at the start. */
  int primingHops() {
    return primingHops;
  }

  @Override
  public void nextHop(float[] into) {
    if (primed) {
      if (takeHop(into)) {
        lastCaptureNanos = pollTarget.captureNanos;
        played++;
        counters.playedHops.lazySet(played);
        return;
      }
      LiveCounters.bump(counters.underruns);
      if (counters.publishedHops.get() > counters.processedHops.get()) {
        LiveCounters.bump(counters.voiceLateUnderruns);
      }
      // The hop of silence delays everything after it: hold that latency instead of racing to
      // remove it and starving again. Once per window: a long stall is one event, not one per hop.
      if (!raisedForUnderrun) {
        targetAgeNanos += hop * nanosPerSample;
        raisedForUnderrun = true;
      }
    } else {
      primingHops++;
    }
    java.util.Arrays.fill(into, 0f);
  }

  /** Model-rate samples queued between capture and playback right now. */
  double queuedSamples() {
    long inFlight =
        counters.publishedHops.get()
            - played
            - counters.skippedHops.get()
            - counters.outputDrops.get();
    return inFlight * (double) hop + corrector.queuedSamples();
  }

  private void steer(int frames, long nowNanos) {
    double queued = queuedSamples();
    counters.queuedSamples = queued;
    windowMin = Math.min(windowMin, queued);
    // Age of the sample about to play: continuous in the clocks' phase, unlike the queue, which
    // moves in whole hops and would hide a slow drift until a hop slips.
    windowAgeSum += nowNanos - lastCaptureNanos + corrector.queuedSamples() * nanosPerSample;
    windowBlocks++;
    windowFill += frames;
    if (windowFill < windowFrames) {
      return;
    }
    double lowWater = windowMin;
    double meanAge = windowAgeSum / windowBlocks;
    windowMin = Double.MAX_VALUE;
    windowFill = 0;
    windowAgeSum = 0;
    windowBlocks = 0;
    raisedForUnderrun = false;
    steerWindow(lowWater, meanAge);
    counters.heldLatencyNanos = meanAge;
    counters.targetLatencyNanos = targetAgeNanos;
  }

  /**
   * One half-second window's steering: cut stale audio, settle or move the latency target, and set
   * the read-rate correction.
   *
   * @param lowWater the window's lowest queue, model-rate samples
   * @param meanAge the window's mean capture-to-playback time, nanoseconds
   */
  private void steerWindow(double lowWater, double meanAge) {
    if (lowWater - marginSamples > SKIP_ABOVE_HOPS * hop) {
      // A burst (or the backlog after a stall) left stale audio: drop it. The target stays, as the
      // devices' pattern set it, unless it lies above what the cut leaves: never steer back
      // towards a queue that would be cut again.
      int skipped = skipHops((int) ((lowWater - marginSamples) / hop) - 1);
      targetAgeNanos = Math.min(targetAgeNanos, meanAge - skipped * hop * nanosPerSample);
      return;
    }
    if (Double.isNaN(targetAgeNanos)) {
      // The first settled window sets the latency to hold for the rest of the run.
      targetAgeNanos = meanAge;
      return;
    }
    if (!driftCompensation) {
      return;
    }
    // Keep the low-water mark within [margin - hop / 2, margin + 2 hops]. Too low risks underruns:
    // accept at once the latency that the devices' burst pattern needs. Too high: walk the target
    // down slowly (0.1 ms per half second), so latency settles low without audible steps.
    if (lowWater < marginSamples - hop / 2.0) {
      targetAgeNanos += (marginSamples - lowWater) * nanosPerSample;
    } else if (lowWater > marginSamples + 2 * hop) {
      targetAgeNanos -= TARGET_STEP_NANOS;
    }
    double error = (meanAge - targetAgeNanos) / nanosPerSample;
    integral = clamp(integral + error, MAX_PPM / KI_PPM_PER_SAMPLE);
    ppm = clamp(KP_PPM_PER_SAMPLE * error + KI_PPM_PER_SAMPLE * integral, MAX_PPM);
    counters.driftPpm = ppm;
  }

  /**
   * @return how many hops were dropped: {@code count}, or fewer when the ring ran dry first
   */
  private int skipHops(int count) {
    for (int i = 0; i < count; i++) {
      if (!takeHop(null)) {
        return i;
      }
      LiveCounters.bump(counters.skippedHops);
    }
    return count;
  }

  /**
   * The very last guard: resampling after the voice stage's limiter can overshoot between samples,
   * so the device-rate block is clamped to the same ceiling (and any non-finite value silenced).
   */
  private static void clampToCeiling(float[] block, int frames) {
    float c = OutputGuard.DEFAULT_CEILING;
    for (int i = 0; i < frames; i++) {
      float x = block[i];
      block[i] = Float.isFinite(x) ? Math.max(-c, Math.min(c, x)) : 0f;
    }
  }

  private static double clamp(double v, double limit) {
    return Math.max(-limit, Math.min(limit, v));
  }

  /**
   * Takes the next processed hop off the output ring, if one is ready.
   *
   * @param into where its samples go, or null to drop them
   * @return whether a hop was taken
   */
  private boolean takeHop(float[] into) {
    pollTarget.into = into;
    pollTarget.taken = false;
    try {
      poller.poll(pollTarget);
    } catch (Exception e) {
      // The poll target never throws; the signature is the Disruptor's.
      throw new IllegalStateException(e);
    }
    return pollTarget.taken;
  }

  /** Takes at most one hop per poll; kept in a field so polling allocates nothing. */
  private static final class PollTarget implements EventPoller.Handler<HopEvent> {
    float[] into;
    boolean taken;
    long captureNanos;

    @Override
    public boolean onEvent(HopEvent event, long sequence, boolean endOfBatch) {
      if (into != null) {
        System.arraycopy(event.samples, 0, into, 0, into.length);
      }
      captureNanos = event.captureNanos;
      taken = true;
      return false;
    }
  }
}
