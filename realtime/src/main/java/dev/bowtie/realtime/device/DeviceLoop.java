package dev.bowtie.realtime.device;

import dev.bowtie.realtime.pipeline.CaptureStage;
import dev.bowtie.realtime.pipeline.PlaybackStage;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;

/**
 * The two device threads of the live loop: a capture thread doing blocking reads from a Java Sound
 * {@code TargetDataLine} into a {@link CaptureStage}, and a playback thread filling blocks from a
 * {@link PlaybackStage} and doing blocking writes to a {@code SourceDataLine}. The lines' blocking
 * calls pace both threads; neither ever spins.
 *
 * <p>A device that goes away (sound server killed, USB unplugged) makes Java Sound return short
 * reads or writes at once; either thread then stops and records why, and the owner decides whether
 * to retry with a new {@code DeviceLoop} over the same stages.
 *
 * <p>Thread rules: {@link #open}, {@link #start}, {@link #failure} and {@link #close} from one
 * control thread.
 */
public final class DeviceLoop implements AutoCloseable {
  private final AudioDevice input;
  private final AudioDevice output;
  private final int inputRateHz;
  private final int outputRateHz;
  private final int bufferMillis;
  private final int inputBlockFrames;
  private final int outputBlockFrames;
  private final CaptureStage capture;
  private final PlaybackStage playback;
  private final RealtimePriority realtime;

  private TargetDataLine captureLine;
  private SourceDataLine playbackLine;
  private Thread captureThread;
  private Thread playbackThread;
  private volatile boolean running;
  private volatile String failure;

  /**
   * @param input capture device
   * @param inputRateHz rate to open it at
   * @param output playback device
   * @param outputRateHz rate to open it at
   * @param bufferMillis each line's buffer
   * @param inputBlockFrames frames per read
   * @param outputBlockFrames frames per write
   * @param capture the capture thread's stage
   * @param playback the playback thread's stage
   * @param realtime the scheduling both device threads ask for when they start
   */
  public DeviceLoop(
      AudioDevice input,
      int inputRateHz,
      AudioDevice output,
      int outputRateHz,
      int bufferMillis,
      int inputBlockFrames,
      int outputBlockFrames,
      CaptureStage capture,
      PlaybackStage playback,
      RealtimePriority realtime) {
    this.input = input;
    this.output = output;
    this.inputRateHz = inputRateHz;
    this.outputRateHz = outputRateHz;
    this.bufferMillis = bufferMillis;
    this.inputBlockFrames = inputBlockFrames;
    this.outputBlockFrames = outputBlockFrames;
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
    AudioFormat inFormat = AudioDevices.pcm16Mono(inputRateHz);
    AudioFormat outFormat = AudioDevices.pcm16Mono(outputRateHz);
    Mixer inputMixer = AudioDevices.mixerOf(input);
    Mixer outputMixer = AudioDevices.mixerOf(output);
    try {
      captureLine =
          (TargetDataLine)
              inputMixer.getLine(
                  new javax.sound.sampled.DataLine.Info(TargetDataLine.class, inFormat));
      captureLine.open(inFormat, bufferBytes(inputRateHz));
    } catch (LineUnavailableException | RuntimeException e) {
      close();
      throw cannotOpen(DeviceKind.CAPTURE, input, inputRateHz, e);
    }
    try {
      playbackLine =
          (SourceDataLine)
              outputMixer.getLine(
                  new javax.sound.sampled.DataLine.Info(SourceDataLine.class, outFormat));
      playbackLine.open(outFormat, bufferBytes(outputRateHz));
    } catch (LineUnavailableException | RuntimeException e) {
      close();
      throw cannotOpen(DeviceKind.PLAYBACK, output, outputRateHz, e);
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
   * @return the capture line's buffer in bytes, as the device granted it
   */
  public int captureBufferBytes() {
    return captureLine.getBufferSize();
  }

  /**
   * @return the playback line's buffer in bytes, as the device granted it
   */
  public int playbackBufferBytes() {
    return playbackLine.getBufferSize();
  }

  /**
   * Stops both threads, plays out what the playback line holds, and closes both lines. Safe to call
   * more than once and after a failure.
   */
  @Override
  public void close() {
    running = false;
    if (captureLine != null) {
      captureLine.stop();
      captureLine.close();
    }
    join(captureThread);
    join(playbackThread);
    if (playbackLine != null) {
      if (failure == null && playbackLine.isOpen()) {
        playbackLine.drain();
      }
      playbackLine.stop();
      playbackLine.close();
    }
  }

  private void captureLoop() {
    realtime.applyToCurrentThread();
    byte[] bytes = new byte[inputBlockFrames * 2];
    float[] block = new float[inputBlockFrames];
    while (running) {
      int read = captureLine.read(bytes, 0, bytes.length);
      if (read < bytes.length) {
        if (running) {
          fail("capture device '" + input.name() + "' stopped delivering audio");
        }
        return;
      }
      Pcm16.toFloats(bytes, block, inputBlockFrames);
      capture.onDeviceBlock(block, inputBlockFrames, System.nanoTime());
    }
  }

  private void playbackLoop() {
    realtime.applyToCurrentThread();
    byte[] bytes = new byte[outputBlockFrames * 2];
    float[] block = new float[outputBlockFrames];
    while (running) {
      playback.fillDeviceBlock(block, outputBlockFrames, System.nanoTime());
      Pcm16.toBytes(block, bytes, outputBlockFrames);
      int written = playbackLine.write(bytes, 0, bytes.length);
      if (written < bytes.length) {
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

  private int bufferBytes(int rateHz) {
    return Math.max(2 * inputBlockFrames, rateHz * bufferMillis / 1000 * 2);
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

  /**
   * Why a line did not open. Java Sound says only that the format is not supported, also when the
   * sound server has no device of the name the environment asks for; that case is told apart so the
   * user is pointed at the name rather than at the buffer.
   */
  private AudioDeviceException cannotOpen(
      DeviceKind kind, AudioDevice device, int rateHz, Exception e) {
    String what = kind == DeviceKind.CAPTURE ? "capture" : "playback";
    SoundServerChoice chosen = SoundServerChoice.of(kind);
    if (chosen != null && chosen.missingOnServer()) {
      return new AudioDeviceException(
          "cannot open "
              + what
              + " device '"
              + device.name()
              + "': the sound server has no "
              + chosen.kind()
              + " '"
              + chosen.name()
              + "' ("
              + chosen.variable()
              + "); list them with: "
              + chosen.listCommand(),
          true,
          e);
    }
    String named =
        chosen == null
            ? ""
            : " (" + chosen.variable() + " '" + chosen.name() + "': " + chosen.listCommand() + ")";
    return new AudioDeviceException(
        "cannot open "
            + what
            + " device '"
            + device.name()
            + "'"
            + named
            + " at "
            + rateHz
            + " Hz with a "
            + bufferMillis
            + " ms buffer ("
            + e.getMessage()
            + "): is the sound server running?",
        false,
        e);
  }
}
