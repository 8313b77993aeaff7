package dev.bowtie.realtime.pipeline;

import com.lmax.disruptor.Cursored;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import dev.bowtie.realtime.ring.HopEvent;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The voice thread's work, as a Disruptor event handler on the input ring: for each captured hop it
 * applies the current {@link LiveSettings} (voice, bypass, dry/wet mix), crossfades when they
 * change, falls back to dry pass-through when it falls behind real time, guards and limits the
 * result, and publishes it to the output ring.
 *
 * <p>Falling behind: processing is not keeping up when captured hops keep waiting: {@code
 * behindBacklogHops} or more behind each of {@value #SUSTAINED_HOPS} hops in a row (100 ms at 5 ms
 * hops), or {@code maxBacklogHops} at once. Both thresholds lie above what one burst of the capture
 * device leaves waiting ({@link LivePipeline.Config#withCaptureBurst}): a burst that the device
 * delivers in one go, or a short stall, drains within a few hops and is not falling behind. The
 * stage then plays the input dry (cheap) for {@code dryHoldHops} hops so the backlog drains instead
 * of latency growing, counts it, and tries the voice again.
 *
 * <p>Thread rules: {@link #onEvent} runs on the voice thread only and allocates nothing, takes no
 * lock and does no I/O. Settings arrive through the shared {@code AtomicReference}.
 */
public final class VoiceStage implements EventHandler<HopEvent> {
  private final AtomicReference<LiveSettings> settings;
  private final Cursored inputCursor;
  private final RingBuffer<HopEvent> output;
  private final LiveCounters counters;
  private final HopTimeHistogram hopTimes;
  private final HopTimeHistogram handoffTimes;
  private final OutputGuard guard;
  private final int hop;
  private final int fadeSamples;

  /** Hops in a row with a backlog of {@code behindBacklogHops} or more that are falling behind. */
  static final int SUSTAINED_HOPS = 20;

  /**
   * A {@code maxBacklogHops} that turns the fallback off, for a stage with no clock to keep up with
   * (a file, whose hops all wait at once by design).
   */
  static final int NEVER_FALL_BACK = Integer.MAX_VALUE;

  private final int behindBacklogHops;
  private final int maxBacklogHops;
  private final int dryHoldHops;

  private final DelayLine dry;
  private final float[] wetCurrent;
  private final float[] wetPrevious;
  private final float[] renderPrevious;
  private final HopEvent result;

  private LiveSettings current;
  private volatile LiveSettings settled;
  private boolean currentForcedDry;
  private LiveSettings previous;
  private boolean previousForcedDry;
  private int fadeDone;
  private int holdRemaining;
  private int behindHops;

  /**
   * @param settings the shared settings; read once per hop
   * @param inputCursor the input ring, to see how far behind this stage is
   * @param output the ring playback reads
   * @param counters where faults and fallbacks are counted
   * @param hopTimes where the processing time of each hop is recorded
   * @param handoffTimes where the delay from capture to the start of processing is recorded
   * @param hopSamples samples per hop
   * @param sampleRateHz the model rate
   * @param fadeMillis crossfade length when settings change
   * @param behindBacklogHops waiting hops that count a hop as behind for the sustained rule
   * @param maxBacklogHops waiting hops that trigger the dry fallback at once, or {@link
   *     #NEVER_FALL_BACK}
   * @param dryHoldHops hops to stay dry once fallen back
   * @param maxLatencySamples the largest {@link HopProcessor#latencySamples()} of any voice that
   *     will be swapped in (sizes the dry delay line)
   */
  public VoiceStage(
      AtomicReference<LiveSettings> settings,
      Cursored inputCursor,
      RingBuffer<HopEvent> output,
      LiveCounters counters,
      HopTimeHistogram hopTimes,
      HopTimeHistogram handoffTimes,
      int hopSamples,
      int sampleRateHz,
      double fadeMillis,
      int behindBacklogHops,
      int maxBacklogHops,
      int dryHoldHops,
      int maxLatencySamples) {
    this.settings = settings;
    this.inputCursor = inputCursor;
    this.output = output;
    this.counters = counters;
    this.hopTimes = hopTimes;
    this.handoffTimes = handoffTimes;
    this.hop = hopSamples;
    this.fadeSamples = Math.max(1, (int) Math.round(fadeMillis * sampleRateHz / 1000.0));
    this.behindBacklogHops = behindBacklogHops;
    this.maxBacklogHops = maxBacklogHops;
    this.dryHoldHops = dryHoldHops;
    this.guard = new OutputGuard(OutputGuard.DEFAULT_CEILING, sampleRateHz, 50.0);
    this.dry = new DelayLine(maxLatencySamples + hopSamples);
    this.wetCurrent = new float[hopSamples];
    this.wetPrevious = new float[hopSamples];
    this.renderPrevious = new float[hopSamples];
    this.result = new HopEvent(hopSamples);
    this.current = settings.get();
    this.settled = current;
    this.previous = current;
    this.fadeDone = fadeSamples;
  }

  @Override
  public void onEvent(HopEvent event, long sequence, boolean endOfBatch) {
    long start = System.nanoTime();
    handoffTimes.record(start - event.captureNanos);
    boolean forcedDry = updateFallback(sequence);
    LiveSettings wanted = settings.get();
    if (wanted != current || forcedDry != currentForcedDry) {
      previous = current;
      previousForcedDry = currentForcedDry;
      current = wanted;
      currentForcedDry = forcedDry;
      fadeDone = 0;
    }
    float[] in = event.samples;
    dry.write(in, hop);

    boolean currentWet = !current.bypass() && !currentForcedDry;
    if (currentWet) {
      runVoice(current.voice(), in, wetCurrent);
    }
    render(current, currentForcedDry, in, wetCurrent, result.samples);

    if (fadeDone < fadeSamples) {
      boolean previousWet = !previous.bypass() && !previousForcedDry;
      float[] previousWetSignal = wetCurrent;
      if (previousWet && !(currentWet && previous.voice() == current.voice())) {
        runVoice(previous.voice(), in, wetPrevious);
        previousWetSignal = wetPrevious;
      }
      render(previous, previousForcedDry, in, previousWetSignal, renderPrevious);
      crossfade(renderPrevious, result.samples);
    }
    if (fadeDone >= fadeSamples && settled != current) {
      // The fade is over: nothing of the previous settings is used from here on.
      settled = current;
    }

    guard.process(result.samples, hop);
    result.captureNanos = event.captureNanos;
    if (!output.tryPublishEvent(HopEvent.COPY, result)) {
      LiveCounters.bump(counters.outputDrops);
    }
    LiveCounters.bump(counters.processedHops);
    hopTimes.record(System.nanoTime() - start);
  }

  /**
   * The settings this stage has finished fading to: once a swapped-in settings object shows up
   * here, the voice thread no longer touches the one before it, and its voice may be closed. Any
   * thread.
   */
  LiveSettings settled() {
    return settled;
  }

  private boolean updateFallback(long sequence) {
    if (maxBacklogHops == NEVER_FALL_BACK) {
      return false;
    }
    long backlog = inputCursor.getCursor() - sequence;
    behindHops = backlog >= behindBacklogHops ? behindHops + 1 : 0;
    if (holdRemaining == 0 && (behindHops >= SUSTAINED_HOPS || backlog >= maxBacklogHops)) {
      holdRemaining = dryHoldHops;
      LiveCounters.bump(counters.slowFallbacks);
    }
    if (holdRemaining > 0) {
      holdRemaining--;
      LiveCounters.bump(counters.fallbackHops);
      return true;
    }
    return false;
  }

  private void runVoice(HopProcessor voice, float[] in, float[] wet) {
    boolean ok;
    try {
      voice.processHop(in, wet);
      ok = OutputGuard.allFinite(wet, hop);
    } catch (RuntimeException e) {
      ok = false;
    }
    if (!ok) {
      // A broken hop is replaced by the dry input at the voice's latency, so the timeline holds.
      dry.read(wet, hop, voice.latencySamples());
      LiveCounters.bump(counters.voiceFaults);
    }
  }

  private void render(LiveSettings s, boolean forcedDry, float[] in, float[] wet, float[] out) {
    if (s.bypass() || forcedDry) {
      System.arraycopy(in, 0, out, 0, hop);
      return;
    }
    float mix = s.wetMix();
    if (mix >= 1f) {
      System.arraycopy(wet, 0, out, 0, hop);
      return;
    }
    dry.read(out, hop, s.voice().latencySamples());
    for (int i = 0; i < hop; i++) {
      out[i] = mix * wet[i] + (1f - mix) * out[i];
    }
  }

  private void crossfade(float[] from, float[] to) {
    for (int i = 0; i < hop; i++) {
      float w = Math.min(1f, (fadeDone + i + 1) / (float) fadeSamples);
      to[i] = from[i] * (1f - w) + to[i] * w;
    }
    fadeDone = Math.min(fadeSamples, fadeDone + hop);
  }
}
