package dev.bowtie.plugin.tarsos;

import be.tarsos.dsp.AudioEvent;
import be.tarsos.dsp.AudioProcessor;
import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.dsp.SynthesisMode;
import dev.bowtie.realtime.pipeline.LiveCounters;
import dev.bowtie.realtime.pipeline.LiveSettings;
import dev.bowtie.realtime.pipeline.SynchronousChain;
import dev.bowtie.realtime.pipeline.VoiceEngine;
import dev.bowtie.realtime.voice.Voice;

/**
 * A Bowtie voice as a TarsosDSP {@link AudioProcessor}: each event's float buffer is run through a
 * {@link SynchronousChain} and replaced, in place, by the converted voice, so the processors after
 * it in the {@code AudioDispatcher} hear the voice, {@link #latencyFrames()} late (the start is
 * silence). Buffers of any size are taken.
 *
 * <p>Overlap: the dispatcher must run with an overlap of 0. With overlap, every buffer would repeat
 * samples of the one before, which a stream converter must see once; {@link #process} refuses such
 * an event with an {@link IllegalArgumentException} that says so, in one line.
 *
 * <p>Thread rules: built on any thread; {@link #process} and {@link #processingFinished} on the
 * dispatcher's thread. {@link #process} allocates nothing, takes no lock and does no I/O. {@link
 * #processingFinished} (or {@link #close}, the same) closes the voice; the processor is spent.
 */
public final class TarsosVoiceProcessor implements AudioProcessor, AutoCloseable {
  /** Frames the chain takes at a time; larger buffers go through in several blocks. */
  private static final int BLOCK_FRAMES = 1024;

  private final SynchronousChain chain;
  private final Voice voice;
  private final int sampleRateHz;
  private boolean finished;

  /**
   * @param sampleRateHz the dispatcher's sample rate, 8000..48000
   * @param analysis the voice's analysis settings (its model rate and hop)
   * @param voice the voice; the processor owns it from now on and closes it when processing
   *     finishes
   * @param synthesis how the converted voice is synthesised
   */
  public TarsosVoiceProcessor(
      int sampleRateHz, AnalysisSettings analysis, Voice voice, SynthesisMode synthesis) {
    LiveSettings settings =
        new LiveSettings(voice.name(), new VoiceEngine(analysis, voice, synthesis), false, 1f);
    this.chain =
        new SynchronousChain(sampleRateHz, analysis.sampleRateHz(), settings, BLOCK_FRAMES);
    this.voice = voice;
    this.sampleRateHz = sampleRateHz;
  }

  @Override
  public boolean process(AudioEvent event) {
    if (finished) {
      throw new IllegalStateException("the Bowtie processor has finished; make a new one");
    }
    if (event.getOverlap() != 0) {
      throw new IllegalArgumentException(
          "the Bowtie processor needs a dispatcher with an overlap of 0, not "
              + event.getOverlap()
              + ": put it in a chain of its own");
    }
    if (event.getSampleRate() != sampleRateHz) {
      throw new IllegalArgumentException(
          "the dispatcher runs at "
              + event.getSampleRate()
              + " Hz; this Bowtie processor was made for "
              + sampleRateHz
              + " Hz");
    }
    float[] buffer = event.getFloatBuffer();
    for (int done = 0, n; done < buffer.length; done += n) {
      n = Math.min(BLOCK_FRAMES, buffer.length - done);
      chain.process(buffer, done, buffer, done, n);
    }
    return true;
  }

  /**
   * The delay from a sample in to the same sample out, in frames at the dispatcher's rate.
   *
   * @return frames
   */
  public int latencyFrames() {
    return chain.latencyFrames();
  }

  /**
   * @return the chain's counters: hops processed, voice faults replaced by the dry signal
   */
  public LiveCounters counters() {
    return chain.counters();
  }

  /** Closes the voice. Idempotent. */
  @Override
  public void processingFinished() {
    if (!finished) {
      finished = true;
      voice.close();
    }
  }

  /** The same as {@link #processingFinished}. */
  @Override
  public void close() {
    processingFinished();
  }
}
