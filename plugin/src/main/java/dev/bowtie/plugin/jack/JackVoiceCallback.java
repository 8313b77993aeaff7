package dev.bowtie.plugin.jack;

import dev.bowtie.realtime.pipeline.SynchronousChain;
import java.nio.FloatBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackProcessCallback;

/**
 * JACK's process callback for Bowtie: copies each period of {@code in} into a preallocated array,
 * runs it through the {@link SynchronousChain} and copies the result into {@code out}. A period
 * longer than the chain's block (the server's buffer size grew) is taken in several blocks. Counts
 * the periods the client was not called for (JACK's frame clock jumped): Bowtie's xruns.
 *
 * <p>Thread rules: {@link #process} runs on JACK's process thread only; Bowtie's part of it
 * allocates nothing, takes no lock and does no I/O (jnajack's own wrapper around it allocates a
 * pointer per port and period). {@link #missedPeriods} may be read from any thread.
 */
final class JackVoiceCallback implements JackProcessCallback {
  private static final long FRAME_CLOCK_MASK = 0xFFFF_FFFFL;

  private final JackPort in;
  private final JackPort out;
  private final SynchronousChain chain;
  private final float[] inBlock;
  private final float[] outBlock;
  private final AtomicLong missedPeriods = new AtomicLong();
  private long nextFrame = -1;

  JackVoiceCallback(JackPort in, JackPort out, SynchronousChain chain) {
    this.in = in;
    this.out = out;
    this.chain = chain;
    this.inBlock = new float[chain.maxBlockFrames()];
    this.outBlock = new float[chain.maxBlockFrames()];
  }

  @Override
  public boolean process(JackClient client, int frames) {
    countMissedPeriods(client, frames);
    FloatBuffer source = in.getFloatBuffer();
    FloatBuffer sink = out.getFloatBuffer();
    for (int done = 0, n; done < frames; done += n) {
      n = Math.min(inBlock.length, frames - done);
      // Absolute bulk transfers: the buffers' positions stay put and nothing is allocated.
      source.get(done, inBlock, 0, n);
      chain.process(inBlock, outBlock, n);
      sink.put(done, outBlock, 0, n);
    }
    return true;
  }

  /**
   * @return periods JACK skipped this client since the start
   */
  long missedPeriods() {
    return missedPeriods.get();
  }

  private void countMissedPeriods(JackClient client, int frames) {
    long now;
    try {
      now = client.getLastFrameTime();
    } catch (JackException e) {
      return;
    }
    // JACK's frame clock is 32 bits wide and wraps.
    long skipped = nextFrame < 0 ? 0 : (now - nextFrame) & FRAME_CLOCK_MASK;
    if (skipped > 0 && skipped < FRAME_CLOCK_MASK / 2) {
      missedPeriods.addAndGet((skipped + frames - 1) / frames);
    }
    nextFrame = (now + frames) & FRAME_CLOCK_MASK;
  }
}
