package dev.bowtie.realtime.pipeline;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import dev.bowtie.realtime.dsp.PolyphaseResampler;
import dev.bowtie.realtime.ring.HopEvent;
import dev.bowtie.realtime.ring.WaitStrategyKind;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live loop without its devices: the input ring, the voice thread ({@link VoiceStage} on a
 * Disruptor {@code BatchEventProcessor}), the output ring, and the stages the capture and playback
 * threads call. Device threads (or a test playing the part of devices) drive {@link #capture()} and
 * {@link #playback()}.
 *
 * <pre>
 * capture thread ──tryPublish──▶ [input ring] ──▶ voice thread ──tryPublish──▶ [output ring]
 *   device → model rate                          VoiceStage                       │ poll
 *                                                                                 ▼
 *                                          playback thread: drift correction, model → device rate
 * </pre>
 *
 * <p>Thread rules: build, {@link #start}, {@link #setSettings} and {@link #close} from a control
 * thread; {@link #capture()}'s stage from exactly one capture thread; {@link #playback()}'s stage
 * from exactly one playback thread.
 */
public final class LivePipeline implements AutoCloseable {

  /**
   * The loop's fixed shape, chosen at start.
   *
   * @param modelRateHz the voice's sample rate
   * @param hopSamples samples per hop at the model rate
   * @param captureRateHz the capture device's rate
   * @param playbackRateHz the playback device's rate
   * @param maxBlockFrames the largest device block either device thread passes
   * @param ringHops slots per ring, a power of two
   * @param waitStrategy how the voice thread waits for hops
   * @param fadeMillis crossfade length on a settings change
   * @param behindBacklogHops waiting hops that count a hop as behind for the sustained rule of
   *     {@link VoiceStage}
   * @param maxBacklogHops waiting hops that make the voice thread fall back to dry at once
   * @param dryHoldHops hops played dry after a fallback before the voice is tried again
   * @param maxLatencySamples largest latency of any voice that will be swapped in
   * @param marginSamples target low-water mark of the queue, model-rate samples
   * @param driftCompensation whether playback steers the queue against clock drift
   */
  public record Config(
      int modelRateHz,
      int hopSamples,
      int captureRateHz,
      int playbackRateHz,
      int maxBlockFrames,
      int ringHops,
      WaitStrategyKind waitStrategy,
      double fadeMillis,
      int behindBacklogHops,
      int maxBacklogHops,
      int dryHoldHops,
      int maxLatencySamples,
      double marginSamples,
      boolean driftCompensation) {

    /** Smallest ring, in hops. */
    private static final int MIN_RING_HOPS = 64;

    /**
     * Hops beyond a whole capture burst that may wait at once before the loop falls back: with
     * one-hop bursts, 16 at once, as before bursts were taken into account.
     */
    private static final int AT_ONCE_BEYOND_BURST = 15;

    /**
     * Bowtie's defaults for a model rate and a pair of device rates: blocking wait, 10 ms
     * crossfades, dry fallback for one second ({@link #withCaptureBurst}, here for a capture device
     * that delivers one {@code maxBlockFrames} block at a time), a margin of one playback block
     * plus half a hop ({@link #playbackMargin}), drift compensation on.
     *
     * @param modelRateHz the voice's rate
     * @param hopSamples samples per hop
     * @param captureRateHz capture device rate
     * @param playbackRateHz playback device rate
     * @param maxBlockFrames largest device block
     * @return the configuration
     */
    public static Config defaults(
        int modelRateHz,
        int hopSamples,
        int captureRateHz,
        int playbackRateHz,
        int maxBlockFrames) {
      int hopsPerSecond = modelRateHz / hopSamples;
      // Ring size and fallback thresholds (0 here) come from the burst, in withCaptureBurst.
      return new Config(
              modelRateHz,
              hopSamples,
              captureRateHz,
              playbackRateHz,
              maxBlockFrames,
              0,
              WaitStrategyKind.BLOCKING,
              10.0,
              0,
              0,
              hopsPerSecond,
              modelRateHz / 10,
              playbackMargin(modelRateHz, hopSamples, playbackRateHz, maxBlockFrames),
              true)
          .withCaptureBurst(maxBlockFrames);
    }

    /**
     * Sizes the slow fallback and the rings for a capture device that may deliver {@code
     * burstFrames} at once (a sound server hands over a device buffer in a few large pieces, the
     * whole of it after a hiccup). A burst of B hops leaves B - 1 waiting behind its first by
     * design, so a hop counts as behind only with more than B waiting, and B + 15 at once make the
     * loop fall back: for one-hop bursts the fixed 2 and 16 of a hop-by-hop device. The rings hold
     * that backlog plus one more burst (at least {@value #MIN_RING_HOPS} hops), so a voice that
     * keeps up neither falls back nor overruns at any buffer size, and a slow one still falls back
     * before the input ring fills.
     *
     * @param burstFrames capture-rate frames the device may deliver at once: its buffer
     * @return a copy with thresholds and rings for that burst
     */
    public Config withCaptureBurst(int burstFrames) {
      double burstSamples = (double) burstFrames * modelRateHz / captureRateHz;
      int burstHops = Math.max(1, (int) Math.ceil(burstSamples / hopSamples));
      int atOnce = burstHops + AT_ONCE_BEYOND_BURST;
      int rings = Integer.highestOneBit(Math.max(MIN_RING_HOPS, atOnce + burstHops) * 2 - 1);
      return new Config(
          modelRateHz,
          hopSamples,
          captureRateHz,
          playbackRateHz,
          maxBlockFrames,
          rings,
          waitStrategy,
          fadeMillis,
          burstHops + 1,
          atOnce,
          dryHoldHops,
          maxLatencySamples,
          marginSamples,
          driftCompensation);
    }

    /**
     * The queue's target low-water mark: a playback block takes its length in model-rate samples at
     * once (at least a hop, since the stream arrives in hops) plus the interpolator's two samples
     * of look-ahead; the mark must stay above that, with half a hop to spare for jitter. For blocks
     * of one hop this is 1.5 hops.
     */
    static double playbackMargin(
        int modelRateHz, int hopSamples, int playbackRateHz, int maxBlockFrames) {
      double blockAtModelRate = (double) maxBlockFrames * modelRateHz / playbackRateHz;
      return Math.max(hopSamples, Math.ceil(blockAtModelRate)) + hopSamples / 2.0;
    }

    /**
     * @param kind the voice thread's wait strategy
     * @return a copy with that strategy
     */
    public Config withWaitStrategy(WaitStrategyKind kind) {
      return new Config(
          modelRateHz,
          hopSamples,
          captureRateHz,
          playbackRateHz,
          maxBlockFrames,
          ringHops,
          kind,
          fadeMillis,
          behindBacklogHops,
          maxBacklogHops,
          dryHoldHops,
          maxLatencySamples,
          marginSamples,
          driftCompensation);
    }

    /**
     * @param on whether playback steers the queue against clock drift
     * @return a copy with drift compensation on or off
     */
    public Config withDriftCompensation(boolean on) {
      return new Config(
          modelRateHz,
          hopSamples,
          captureRateHz,
          playbackRateHz,
          maxBlockFrames,
          ringHops,
          waitStrategy,
          fadeMillis,
          behindBacklogHops,
          maxBacklogHops,
          dryHoldHops,
          maxLatencySamples,
          marginSamples,
          on);
    }
  }

  private final Config config;
  private final AtomicReference<LiveSettings> settings;
  private final LiveCounters counters = new LiveCounters();
  private final HopTimeHistogram hopTimes = new HopTimeHistogram();
  private final HopTimeHistogram handoffTimes = new HopTimeHistogram();
  private final RingBuffer<HopEvent> input;
  private final VoiceStage voiceStage;
  private final BatchEventProcessor<HopEvent> voiceProcessor;
  private final Thread voiceThread;
  private final CaptureStage capture;
  private final PlaybackStage playback;
  private final double resamplingDelayMillis;

  /**
   * Builds the rings, stages and (not yet started) voice thread.
   *
   * @param config the loop's shape
   * @param initial the first settings; its voice must match the model rate's hop
   * @param voiceThreads makes the voice thread
   */
  public LivePipeline(Config config, LiveSettings initial, ThreadFactory voiceThreads) {
    this.config = config;
    checkVoice(initial);
    this.settings = new AtomicReference<>(initial);
    int hop = config.hopSamples();
    this.input =
        RingBuffer.createSingleProducer(
            HopEvent.factory(hop), config.ringHops(), config.waitStrategy().create());
    RingBuffer<HopEvent> output =
        RingBuffer.createSingleProducer(
            HopEvent.factory(hop), config.ringHops(), new YieldingWaitStrategy());
    this.voiceStage =
        new VoiceStage(
            settings,
            input,
            output,
            counters,
            hopTimes,
            handoffTimes,
            hop,
            config.modelRateHz(),
            config.fadeMillis(),
            config.behindBacklogHops(),
            config.maxBacklogHops(),
            config.dryHoldHops(),
            config.maxLatencySamples());
    this.voiceProcessor =
        new BatchEventProcessorBuilder().build(input, input.newBarrier(), voiceStage);
    input.addGatingSequences(voiceProcessor.getSequence());
    this.voiceThread = voiceThreads.newThread(voiceProcessor);

    DeviceResamplers edges =
        new DeviceResamplers(config.captureRateHz(), config.modelRateHz(), config.playbackRateHz());
    PolyphaseResampler down = edges.toModelRate;
    PolyphaseResampler up = edges.toDeviceRate;
    this.capture = new CaptureStage(input, down, counters, hop, config.maxBlockFrames());
    this.playback =
        new PlaybackStage(
            output,
            counters,
            up,
            hop,
            config.modelRateHz(),
            config.playbackRateHz(),
            config.maxBlockFrames(),
            config.marginSamples(),
            config.driftCompensation());
    this.resamplingDelayMillis =
        1000.0 * down.delayOutputSamples() / config.modelRateHz()
            + 1000.0 * up.delayOutputSamples() / config.playbackRateHz();
  }

  /** Starts the voice thread. */
  public void start() {
    voiceThread.start();
  }

  /**
   * Swaps in new settings; the voice thread crossfades to them at its next hop.
   *
   * @param next the new settings, its voice already prepared
   * @throws IllegalArgumentException when the voice's hop or latency does not fit this loop
   */
  public void setSettings(LiveSettings next) {
    checkVoice(next);
    settings.set(next);
  }

  /**
   * Waits until the voice thread has finished crossfading to {@code next}, after which it no longer
   * uses the settings (and the voice) that came before; the caller may then close that voice.
   *
   * @param next settings given to {@link #setSettings}
   * @param timeoutNanos how long to wait at most
   * @return true when the fade finished in time; false if the voice thread stalled or stopped, or
   *     newer settings replaced {@code next} first
   * @throws InterruptedException when interrupted while waiting
   */
  public boolean awaitSettled(LiveSettings next, long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    while (voiceStage.settled() != next) {
      if (System.nanoTime() - deadline > 0 || !voiceThread.isAlive() || settings.get() != next) {
        return false;
      }
      Thread.sleep(5);
    }
    return true;
  }

  /**
   * @return the settings the voice thread is moving to
   */
  public LiveSettings settings() {
    return settings.get();
  }

  /**
   * @return the stage the capture thread calls
   */
  public CaptureStage capture() {
    return capture;
  }

  /**
   * @return the stage the playback thread calls
   */
  public PlaybackStage playback() {
    return playback;
  }

  /**
   * @return the loop's counters
   */
  public LiveCounters counters() {
    return counters;
  }

  /**
   * @return processing time per hop on the voice thread
   */
  public HopTimeHistogram hopTimes() {
    return hopTimes;
  }

  /**
   * @return time from a hop's capture time stamp to the voice thread starting on it: the wait
   *     strategy's wake-up cost (meaningful when capture stamps with {@link System#nanoTime()})
   */
  public HopTimeHistogram handoffTimes() {
    return handoffTimes;
  }

  /**
   * @return the voice thread (for allocation and CPU measurements)
   */
  public Thread voiceThread() {
    return voiceThread;
  }

  /**
   * The delay the loop adds by design, device buffers and queue excluded: the current voice's
   * latency, hop buffering and both resamplers. With bypass on, the voice's own latency drops out.
   *
   * @return milliseconds
   */
  public double algorithmicLatencyMillis() {
    LiveSettings s = settings.get();
    double hopMillis = 1000.0 * config.hopSamples() / config.modelRateHz();
    double voiceMillis =
        s.bypass() ? 0 : 1000.0 * s.voice().latencySamples() / config.modelRateHz();
    return hopMillis + voiceMillis + resamplingDelayMillis;
  }

  /**
   * @return the model-rate samples queued between capture and playback at playback's last block, in
   *     milliseconds
   */
  public double queuedMillis() {
    return 1000.0 * counters.queuedSamples / config.modelRateHz();
  }

  /**
   * Waits until the voice thread has processed every published hop.
   *
   * @param timeoutNanos how long to wait at most
   * @return true when it caught up in time
   */
  public boolean awaitVoiceCaughtUp(long timeoutNanos) {
    long deadline = System.nanoTime() + timeoutNanos;
    while (voiceProcessor.getSequence().get() < input.getCursor()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      if (!voiceThread.isAlive()) {
        return false;
      }
      Thread.yield();
    }
    return true;
  }

  /** Stops the voice thread after its current hop and waits for it to end. */
  @Override
  public void close() {
    voiceProcessor.halt();
    try {
      voiceThread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void checkVoice(LiveSettings s) {
    HopProcessor v = s.voice();
    if (v.hopSamples() != config.hopSamples()) {
      throw new IllegalArgumentException(
          "voice "
              + s.voiceName()
              + " uses hops of "
              + v.hopSamples()
              + " samples, the loop "
              + config.hopSamples());
    }
    if (v.latencySamples() < 0 || v.latencySamples() > config.maxLatencySamples()) {
      throw new IllegalArgumentException(
          "voice "
              + s.voiceName()
              + " has latency "
              + v.latencySamples()
              + " samples; the loop allows up to "
              + config.maxLatencySamples());
    }
  }
}
