package dev.bowtie.realtime.pipeline;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import dev.bowtie.realtime.ring.HopEvent;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live loop's chain with a file as source and sink, run as fast as the CPU allows: the file's
 * samples go through the same {@link CaptureStage} (device rate to model rate, cut into hops,
 * published into an input ring), the same {@link VoiceStage} (settings, crossfade, dry/wet, fault
 * replacement, {@link OutputGuard} limiter) into an output ring, and out through {@link
 * PlaybackStage#drainReadyHops}, the playback stage's converter and final clamp. So a converted
 * file equals what the live loop plays for the same input, sample for sample, once the live loop's
 * start-up silence is accounted for.
 *
 * <p>What differs from live, because a file has no clock:
 *
 * <ul>
 *   <li>No sample is ever dropped. Capture never finds its ring full: the driver hands the capture
 *       stage the next block only after the voice stage has taken every hop of the previous one
 *       (capture waits in the driver, and the ring, 64 hops, holds far more than one block's hops),
 *       and it checks that no overrun was counted.
 *   <li>Drift correction is neutral: there is no second clock to follow, so playback reads at a
 *       ratio of exactly 1 (the corrector's identity) and never primes, skips or underruns.
 *   <li>The slow-voice fallback never fires: being behind real time means nothing offline, and the
 *       voice stage sees every hop.
 * </ul>
 *
 * <p>A recording streams through in blocks of any size up to {@link #BLOCK_FRAMES} ({@link
 * #convert(float[], int, int, float[])}, then {@link #drain} until it returns 0), in bounded memory
 * whatever its length; the output is the same, sample for sample, as converting it whole.
 *
 * <p>Thread rules: one thread builds the pipeline and converts one recording through it; the voice
 * stage runs on that same thread, taking hops with an {@link EventPoller}.
 */
public final class OfflinePipeline {
  /**
   * Device-rate frames handed to the capture stage at a time (at most 26 hops at 8 kHz), and the
   * most one call to {@link #convert(float[], int, int, float[])} takes.
   */
  public static final int BLOCK_FRAMES = 1024;

  private final LiveCounters counters = new LiveCounters();
  private final CaptureStage capture;
  private final VoiceStage voice;
  private final PlaybackStage playback;
  private final EventPoller<HopEvent> voicePoller;
  private final EventPoller.Handler<HopEvent> toVoice;
  private final int hopFrames;
  private final int latencyFrames;
  private final float[] block = new float[BLOCK_FRAMES];
  private final float[] played;
  private int blockFilled;
  private long framesIn;
  private long framesOut;
  private long toSkip;
  private boolean drained;

  /**
   * Builds the chain for one file.
   *
   * @param fileRateHz the file's sample rate, 8000..48000
   * @param modelRateHz the voice's sample rate
   * @param settings the voice, bypass and dry/wet mix; the voice prepared and used by nothing else
   */
  public OfflinePipeline(int fileRateHz, int modelRateHz, LiveSettings settings) {
    int hop = settings.voice().hopSamples();
    LivePipeline.Config shape =
        LivePipeline.Config.defaults(modelRateHz, hop, fileRateHz, fileRateHz, BLOCK_FRAMES);
    int voiceLatency = settings.bypass() ? 0 : settings.voice().latencySamples();
    RingBuffer<HopEvent> input =
        RingBuffer.createSingleProducer(
            HopEvent.factory(hop), shape.ringHops(), new BlockingWaitStrategy());
    RingBuffer<HopEvent> output =
        RingBuffer.createSingleProducer(
            HopEvent.factory(hop), shape.ringHops(), new BlockingWaitStrategy());
    voice =
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
    DeviceResamplers edges = new DeviceResamplers(fileRateHz, modelRateHz, fileRateHz);
    capture = new CaptureStage(input, edges.toModelRate, counters, hop, BLOCK_FRAMES);
    playback =
        new PlaybackStage(
            output,
            counters,
            edges.toDeviceRate,
            hop,
            modelRateHz,
            fileRateHz,
            BLOCK_FRAMES,
            shape.marginSamples(),
            false);
    int blockHops = edges.toModelRate.maxOutput(BLOCK_FRAMES) / hop + 1;
    if (blockHops >= shape.ringHops()) {
      throw new IllegalArgumentException(
          "a block of " + BLOCK_FRAMES + " frames at " + fileRateHz + " Hz overfills the ring");
    }
    hopFrames = playback.maxDrainFrames(blockHops);
    played = new float[hopFrames];
    // The voice's latency is whole model samples; at rates that are not multiples of the model
    // rate it can fall between device samples, and the nearest one is taken.
    latencyFrames =
        edges.roundTripFrames()
            + (int) Math.round((double) voiceLatency * fileRateHz / modelRateHz);
    toSkip = latencyFrames;
  }

  /**
   * The chain's delay in file samples: both converters plus the voice's own latency. Hop buffering
   * adds none offline, since every hop is processed as soon as it is complete.
   *
   * @return frames
   */
  public int latencyFrames() {
    return latencyFrames;
  }

  /**
   * The most frames one call to {@link #convert(float[], int, int, float[])} or {@link #drain}
   * returns.
   */
  public int maxOutputFrames() {
    return hopFrames;
  }

  /**
   * Runs a whole recording through the chain, then silence until its last sample is out.
   *
   * @param input mono samples at the file rate
   * @return as many samples, time-aligned with the input (the chain's latency removed)
   * @throws IllegalStateException if the pipeline has converted anything before
   */
  public float[] convert(float[] input) {
    if (framesIn != 0 || drained) {
      throw new IllegalStateException("an offline pipeline converts one recording");
    }
    float[] result = new float[input.length];
    float[] out = new float[hopFrames];
    int produced = 0;
    for (int offset = 0; offset < input.length; offset += BLOCK_FRAMES) {
      int n = convert(input, offset, Math.min(BLOCK_FRAMES, input.length - offset), out);
      System.arraycopy(out, 0, result, produced, n);
      produced += n;
    }
    for (int n; (n = drain(out)) > 0; produced += n) {
      System.arraycopy(out, 0, result, produced, n);
    }
    return result;
  }

  /**
   * Takes the next samples of the recording and returns the converted samples that are ready,
   * time-aligned with the input: over the whole recording, output sample k answers input sample k.
   *
   * @param input mono samples at the file rate
   * @param offset first sample to take
   * @param count samples to take, at most {@link #BLOCK_FRAMES}
   * @param output receives the ready samples; room for {@link #maxOutputFrames()}
   * @return samples written to {@code output}, possibly 0
   * @throws IllegalStateException if called after {@link #drain} finished
   */
  public int convert(float[] input, int offset, int count, float[] output) {
    if (drained) {
      throw new IllegalStateException("an offline pipeline converts one recording");
    }
    if (count > BLOCK_FRAMES) {
      throw new IllegalArgumentException(count + " frames exceed a block of " + BLOCK_FRAMES);
    }
    int room = Math.min(count, BLOCK_FRAMES - blockFilled);
    System.arraycopy(input, offset, block, blockFilled, room);
    blockFilled += room;
    framesIn += count;
    if (blockFilled < BLOCK_FRAMES) {
      return 0;
    }
    int produced = runBlock(output);
    System.arraycopy(input, offset + room, block, 0, count - room);
    blockFilled = count - room;
    return produced;
  }

  /**
   * After the last {@link #convert(float[], int, int, float[])}: runs silence through the chain and
   * returns the next converted samples. Call until it returns 0; the samples returned in all then
   * number exactly the samples taken.
   *
   * @param output receives the samples; room for {@link #maxOutputFrames()}
   * @return samples written, 0 once the recording is complete
   */
  public int drain(float[] output) {
    while (framesOut < framesIn) {
      Arrays.fill(block, blockFilled, BLOCK_FRAMES, 0f);
      int produced = runBlock(output);
      blockFilled = 0;
      if (produced > 0) {
        return produced;
      }
    }
    drained = true;
    return 0;
  }

  /** One full block through capture, voice and playback; the playable part goes to output. */
  private int runBlock(float[] output) {
    capture.onDeviceBlock(block, BLOCK_FRAMES, System.nanoTime());
    drainVoice();
    int m = playback.drainReadyHops(played);
    int skip = (int) Math.min(toSkip, m);
    toSkip -= skip;
    int keep = (int) Math.min(m - skip, framesIn - framesOut);
    System.arraycopy(played, skip, output, 0, keep);
    framesOut += keep;
    if (counters.overruns.get() != 0 || counters.outputDrops.get() != 0) {
      throw new IllegalStateException("the offline chain dropped hops; its ring is too small");
    }
    return keep;
  }

  /**
   * @return the chain's counters: voice faults, hops processed and played
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
