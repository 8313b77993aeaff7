package dev.bowtie.realtime.device;

import dev.bowtie.realtime.pipeline.CaptureStage;
import dev.bowtie.realtime.pipeline.PlaybackStage;

/**
 * The two device threads of the live loop: a capture thread doing blocking reads from a {@link
 * CaptureLine} into a {@link CaptureStage}, and a playback thread filling blocks from a {@link
 * PlaybackStage} and doing blocking writes to a {@link PlaybackLine}. The lines' blocking calls
 * pace both threads; neither ever spins, and neither allocates after start.
 *
 * <p>A device that goes away (sound server killed, USB unplugged) makes its line fail; that thread
 * then stops and records why, and the owner decides whether to retry with a new {@code DeviceLoop}
 * over the same stages.
 *
 * <p>Thread rules: {@link #open}, {@link #start}, {@link #failure} and {@link #close} from one
 * control thread.
 */
public final class DeviceLoop implements AutoCloseable {
  private final AudioBackend backend;
  private final AudioDevice input;
  private final AudioDevice output;
  private final LineFormat inputFormat;
  private final LineFormat outputFormat;
  private final CaptureStage capture;
  private final PlaybackStage playback;
  private final RealtimePriority realtime;

  private CaptureLine captureLine;
  private PlaybackLine playbackLine;
  private Thread captureThread;
  private Thread playbackThread;
  private volatile boolean running;
  private volatile String failure;

  /**
   * @param backend opens the lines
   * @param input capture device
   * @param inputFormat how to open it
   * @param output playback device
   * @param outputFormat how to open it
   * @param capture the capture thread's stage
   * @param playback the playback thread's stage
   * @param realtime the scheduling both device threads ask for when they start
   */
  public DeviceLoop(
      AudioBackend backend,
      AudioDevice input,
      LineFormat inputFormat,
      AudioDevice output,
      LineFormat outputFormat,
      CaptureStage capture,
      PlaybackStage playback,
      RealtimePriority realtime) {
    this.backend = backend;
    this.input = input;
    this.output = output;
    this.inputFormat = inputFormat;
    this.outputFormat = outputFormat;
    this.capture = capture;
    this.playback = playback;
    this.realtime = realtime;
  }

  /**
   * Opens both lines.
   *
   * @throws AudioDeviceException naming the device when it is gone or a line cannot be opened
   */
  public void open() throws AudioDeviceException {
    try {
      captureLine = backend.openCapture(input, inputFormat);
      playbackLine = backend.openPlayback(output, outputFormat);
    } catch (AudioDeviceException e) {
      close();
      throw e;
    }
  }

  /** Starts the lines and both device threads. */
  public void start() {
    running = true;
    playbackLine.start();
    captureLine.start();
    captureThread = new Thread(this::captureLoop, "bowtie-capture");
    playbackThread = new Thread(this::playbackLoop, "bowtie-playback");
    captureThread.setPriority(Thread.MAX_PRIORITY);
    playbackThread.setPriority(Thread.MAX_PRIORITY);
    captureThread.setDaemon(true);
    playbackThread.setDaemon(true);
    playbackThread.start();
    captureThread.start();
  }

  /**
   * @return why a device thread stopped on its own, or null while both run
   */
  public String failure() {
    return failure;
  }

  /**
   * Whether both device threads have ended, as they do after {@link #close} (or a failure) unless a
   * line's blocking call is stuck: only then may the stages be handed to a new loop, since a stage
   * is driven by one thread at a time.
   *
   * @return true when neither device thread runs
   */
  public boolean threadsEnded() {
    return (captureThread == null || !captureThread.isAlive())
        && (playbackThread == null || !playbackThread.isAlive());
  }

  /**
   * Stops both threads, plays out what the playback line holds, and closes both lines. Safe to call
   * more than once and after a failure.
   */
  @Override
  public void close() {
    running = false;
    if (captureLine != null) {
      captureLine.close();
    }
    join(captureThread);
    join(playbackThread);
    if (playbackLine != null) {
      if (failure == null) {
        playbackLine.drain();
      }
      playbackLine.close();
    }
  }

  private void captureLoop() {
    realtime.applyToCurrentThread();
    int frames = inputFormat.blockFrames();
    float[] block = new float[frames];
    while (running) {
      if (!captureLine.read(block, frames)) {
        if (running) {
          fail("capture device '" + input.name() + "' stopped delivering audio");
        }
        return;
      }
      capture.onDeviceBlock(block, frames, System.nanoTime());
    }
  }

  private void playbackLoop() {
    realtime.applyToCurrentThread();
    int frames = outputFormat.blockFrames();
    float[] block = new float[frames];
    while (running) {
      playback.fillDeviceBlock(block, frames, System.nanoTime());
      if (!playbackLine.write(block, frames)) {
        if (running) {
          fail("playback device '" + output.name() + "' stopped taking audio");
        }
        return;
      }
    }
  }

  private synchronized void fail(String why) {
    if (failure == null) {
      failure = why;
    }
    running = false;
  }

  private static void join(Thread t) {
    if (t == null) {
      return;
    }
    try {
      t.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
