package dev.bowtie.realtime.pipeline;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import dev.bowtie.realtime.ring.HopEvent;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live loop's chain driven block by block on the caller's thread, for a host that calls Bowtie
 * from its own audio callback (JACK, an audio plugin, a TarsosDSP dispatcher) or converts a file:
 * each block goes through the same {@link CaptureStage} (host rate to model rate, cut into hops),
 * the same {@link VoiceStage} (settings, dry/wet, fault replacement, {@link OutputGuard} limiter)
 * and out through {@link PlaybackStage#drainReadyHops} (model rate to host rate, final clamp), so
 * the samples are those of {@code bowtie convert} and {@code bowtie live}.
 *
 * <p>{@link #process} returns exactly as many samples as it takes, delayed by a fixed {@link
 * #latencyFrames()}: the chain's own delay (both converters and the voice's latency) plus a buffer
 * of {@link #bufferFrames()}, silence at the start, that holds what the hop grid has not finished.
 * A hop completes at the latest one hop (plus a converter's rounding) after its last input sample,
 * so that buffer never runs dry, whatever the block sizes; should it ever, the missing samples are
 * silence, counted as {@link LiveCounters#underruns}.
 *
 * <p>One clock drives input and output, so there is no drift to steer and nothing to drop, and
 * there is no slow-voice fallback: a host calls back at its own pace, and a voice slower than real
 * time shows there as the host's xruns.
 *
 * <p>Thread rules: build on any thread; then {@link #process} from one thread at a time (the host's
 * audio thread), which allocates nothing, takes no lock and does no I/O. {@link #counters()} may be
 * read from any thread.
 */
public final class SynchronousChain {
  private final LiveCounters counters = new LiveCounters();
  private final CaptureStage capture;
  private final PlaybackStage playback;
  private final EventPoller<HopEvent> voicePoller;
  private final EventPoller.Handler<HopEvent> toVoice;
  private final int maxBlockFrames;
  private final int chainLatencyFrames;
  private final int bufferFrames;
  private final float[] block;
  private final float[] drained;
  private final float[] fifo;
  private int fifoLength;

  /**
   * Builds the chain.
   *
   * @param hostRateHz the host's sample rate, 8000..48000
   * @param modelRateHz the voice's sample rate
   * @param settings the voice, bypass and dry/wet mix; the voice prepared and used by nothing else
   * @param maxBlockFrames the most frames one call to {@link #process} takes
   * @throws IllegalArgumentException if a rate is out of range or {@code maxBlockFrames < 1}
   */
  public SynchronousChain(
      int hostRateHz, int modelRateHz, LiveSettings settings, int maxBlockFrames) {
    if (maxBlockFrames < 1) {
      throw new IllegalArgumentException("a block must hold at least one frame: " + maxBlockFrames);
    }
    this.maxBlockFrames = maxBlockFrames;
    int hop = settings.voice().hopSamples();
    LivePipeline.Config shape =
        LivePipeline.Config.defaults(modelRateHz, hop, hostRateHz, hostRateHz, maxBlockFrames);
    int voiceLatency = settings.bypass() ? 0 : settings.voice().latencySamples();
    RingBuffer<HopEvent> input =
        RingBuffer.createSingleProducer(
            HopEvent.factory(hop), shape.ringHops(), new BlockingWaitStrategy());
    RingBuffer<HopEvent> output =
        RingBuffer.createSingleProducer(
            HopEvent.factory(hop), shape.ringHops(), new BlockingWaitStrategy());
    VoiceStage voice =
        new VoiceStage(
            new AtomicReference<>(settings),
            input,
            output,
            counters,
            new HopTimeHistogram(),
            new HopTimeHistogram(),
            hop,
            modelRateHz,
            shape.fadeMillis(),
            shape.behindBacklogHops(),
            VoiceStage.NEVER_FALL_BACK,
            shape.dryHoldHops(),
            Math.max(voiceLatency, shape.maxLatencySamples()));
    voicePoller = input.newPoller();
    input.addGatingSequences(voicePoller.getSequence());
    toVoice =
        (event, sequence, endOfBatch) -> {
          voice.onEvent(event, sequence, endOfBatch);
          return true;
        };
    DeviceResamplers edges = new DeviceResamplers(hostRateHz, modelRateHz, hostRateHz);
    capture = new CaptureStage(input, edges.toModelRate, counters, hop, maxBlockFrames);
    playback =
        new PlaybackStage(
            output,
            counters,
            edges.toDeviceRate,
            hop,
            modelRateHz,
            hostRateHz,
            maxBlockFrames,
            shape.marginSamples(),
            false);
    int blockHops = edges.toModelRate.maxOutput(maxBlockFrames) / hop + 1;
    if (blockHops >= shape.ringHops()) {
      throw new IllegalArgumentException(
          "a block of " + maxBlockFrames + " frames at " + hostRateHz + " Hz overfills the ring");
    }
    // The voice's latency is whole model samples; at rates that are not multiples of the model
    // rate it can fall between host samples, and the nearest one is taken.
    chainLatencyFrames =
        edges.roundTripFrames()
            + (int) Math.round((double) voiceLatency * hostRateHz / modelRateHz);
    // A hop is complete at most hop - 1 model samples after its last input sample, and each
    // converter's output count trails its input by under one sample.
    bufferFrames = (int) Math.ceil((double) hop * hostRateHz / modelRateHz) + 2;
    block = new float[maxBlockFrames];
    drained = new float[playback.maxDrainFrames(blockHops)];
    fifo = new float[bufferFrames + maxBlockFrames + drained.length];
    fifoLength = bufferFrames;
  }

  /**
   * The delay from a sample in to the same sample out, in host frames: {@link #bufferFrames()} plus
   * both converters and the voice's own latency. Fixed for the chain's life.
   *
   * @return frames
   */
  public int latencyFrames() {
    return bufferFrames + chainLatencyFrames;
  }

  /**
   * The part of {@link #latencyFrames()} that the hop grid needs in a block-by-block host, which a
   * file converter that drains at the end need not keep: silence the chain starts with.
   *
   * @return frames
   */
  public int bufferFrames() {
    return bufferFrames;
  }

  /**
   * @return the most frames one call to {@link #process} takes
   */
  public int maxBlockFrames() {
    return maxBlockFrames;
  }

  /**
   * Takes {@code frames} input samples and writes {@code frames} output samples, the output of the
   * input {@link #latencyFrames()} earlier. Allocates nothing, takes no lock, does no I/O.
   *
   * @param in mono samples at the host rate, from {@code inOffset}
   * @param inOffset first input sample
   * @param out receives the output, from {@code outOffset}; may be {@code in}
   * @param outOffset where the first output sample goes
   * @param frames samples in and out, 0..{@link #maxBlockFrames()}
   * @throws IllegalArgumentException if {@code frames} exceeds {@link #maxBlockFrames()}
   */
  public void process(float[] in, int inOffset, float[] out, int outOffset, int frames) {
    if (frames > maxBlockFrames) {
      throw new IllegalArgumentException(frames + " frames exceed a block of " + maxBlockFrames);
    }
    System.arraycopy(in, inOffset, block, 0, frames);
    capture.onDeviceBlock(block, frames, System.nanoTime());
    drainVoice();
    int m = playback.drainReadyHops(drained);
    System.arraycopy(drained, 0, fifo, fifoLength, m);
    fifoLength += m;
    int ready = Math.min(frames, fifoLength);
    System.arraycopy(fifo, 0, out, outOffset, ready);
    if (ready < frames) {
      Arrays.fill(out, outOffset + ready, outOffset + frames, 0f);
      LiveCounters.bump(counters.underruns);
    }
    fifoLength -= ready;
    System.arraycopy(fifo, ready, fifo, 0, fifoLength);
  }

  /**
   * {@link #process(float[], int, float[], int, int)} from the start of both arrays.
   *
   * @param in mono samples at the host rate
   * @param out receives the output; may be {@code in}
   * @param frames samples in and out, 0..{@link #maxBlockFrames()}
   */
  public void process(float[] in, float[] out, int frames) {
    process(in, 0, out, 0, frames);
  }

  /**
   * @return the chain's counters: voice faults, hops processed and played, underruns (never any
   *     unless the chain is wrong)
   */
  public LiveCounters counters() {
    return counters;
  }

  private void drainVoice() {
    try {
      while (voicePoller.poll(toVoice) == EventPoller.PollState.PROCESSING) {
        // Each poll hands the voice stage every hop published so far.
      }
    } catch (Exception e) {
      // The voice stage catches a voice's own failures; anything else is a bug in Bowtie.
      throw new IllegalStateException(e);
    }
  }
}
