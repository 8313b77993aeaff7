package dev.bowtie.plugin.jack;

import java.nio.FloatBuffer;
import java.util.EnumSet;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackStatus;

/**
 * The other end of the graph, as a JACK application would be: a client {@code feed} that plays a
 * signal from its port {@code out}, and a client {@code record} that records its port {@code in}.
 * Both index by JACK's frame clock from the period in which the signal starts, so sample k of the
 * recording was recorded in the same period position as sample k of the signal was played: a client
 * between them that delays by L frames shows the signal at k + L.
 */
final class JackTestClients implements AutoCloseable {
  private final JackClient feed;
  private final JackClient record;
  private final JackPort feedOut;
  private final JackPort recordIn;
  private final float[] signal;
  private final float[] recording;
  private volatile long startFrame = -1;
  private volatile boolean go;
  private volatile int recorded;

  // Held while the clients live: jnajack hands them to libjack.
  private final EndableProcess feeding;
  private final EndableProcess recordingCallback;

  JackTestClients(float[] signal, int recordFrames) throws JackException {
    this.signal = signal;
    this.recording = new float[recordFrames];
    Jack jack = Jack.getInstance();
    EnumSet<JackStatus> status = EnumSet.noneOf(JackStatus.class);
    feed = jack.openClient("feed", EnumSet.of(JackOptions.JackNoStartServer), status);
    record = jack.openClient("record", EnumSet.of(JackOptions.JackNoStartServer), status);
    feedOut =
        feed.registerPort("out", JackPortType.AUDIO, EnumSet.of(JackPortFlags.JackPortIsOutput));
    recordIn =
        record.registerPort("in", JackPortType.AUDIO, EnumSet.of(JackPortFlags.JackPortIsInput));
    feeding = new EndableProcess(this::feed, feedOut);
    recordingCallback = new EndableProcess(this::record);
    feeding.activate(feed);
    recordingCallback.activate(record);
  }

  /**
   * @return the full name of the port that plays the signal
   */
  String feedPort() {
    return feedOut.getName();
  }

  /**
   * @return the full name of the port that records
   */
  String recordPort() {
    return recordIn.getName();
  }

  /**
   * Starts the signal at the next period and waits until the recording is full.
   *
   * @param timeoutMillis how long to wait at most
   * @return the recording; sample k was recorded when signal sample k was played
   */
  float[] playAndRecord(long timeoutMillis) throws InterruptedException {
    go = true;
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (recorded < recording.length && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    if (recorded < recording.length) {
      throw new AssertionError("recorded " + recorded + " of " + recording.length + " frames");
    }
    return recording;
  }

  private boolean feed(JackClient client, int frames) {
    FloatBuffer out = feedOut.getFloatBuffer();
    long now = frameTime(client);
    if (go && startFrame < 0) {
      startFrame = now;
    }
    for (int i = 0; i < frames; i++) {
      long k = startFrame < 0 ? -1 : now - startFrame + i;
      out.put(i, k >= 0 && k < signal.length ? signal[(int) k] : 0f);
    }
    return true;
  }

  private boolean record(JackClient client, int frames) {
    long start = startFrame;
    if (start < 0) {
      return true;
    }
    FloatBuffer in = recordIn.getFloatBuffer();
    long now = frameTime(client);
    for (int i = 0; i < frames; i++) {
      long k = now - start + i;
      if (k >= 0 && k < recording.length) {
        recording[(int) k] = in.get(i);
        recorded = (int) Math.max(recorded, k + 1);
      }
    }
    return true;
  }

  private static long frameTime(JackClient client) {
    try {
      return client.getLastFrameTime();
    } catch (JackException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    feeding.endAndClose(feed);
    recordingCallback.endAndClose(record);
  }
}
