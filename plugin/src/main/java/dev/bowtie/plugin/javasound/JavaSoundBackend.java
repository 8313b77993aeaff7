package dev.bowtie.plugin.javasound;

import dev.bowtie.realtime.device.AudioBackend;
import dev.bowtie.realtime.device.AudioDevice;
import dev.bowtie.realtime.device.AudioDeviceException;
import dev.bowtie.realtime.device.CaptureLine;
import dev.bowtie.realtime.device.DeviceKind;
import dev.bowtie.realtime.device.LineFormat;
import dev.bowtie.realtime.device.PlaybackLine;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;

/**
 * Devices through the Java Sound API: what runs everywhere Java does (on Linux through ALSA, which
 * reaches PulseAudio or PipeWire as the {@code default} device; on Windows and macOS the system's
 * devices and virtual cables such as VB-CABLE or BlackHole). Lines move 16-bit mono.
 *
 * <p>Stateless; see {@link AudioBackend} for the thread rules.
 */
public final class JavaSoundBackend implements AudioBackend {
  @Override
  public String id() {
    return "javasound";
  }

  @Override
  public String description() {
    return "Java Sound: the system's devices (with PulseAudio or PipeWire, their default device)";
  }

  @Override
  public List<AudioDevice> devices() {
    return JavaSoundDevices.list();
  }

  @Override
  public CaptureLine openCapture(AudioDevice device, LineFormat format)
      throws AudioDeviceException {
    AudioFormat pcm = JavaSoundDevices.pcm16Mono(format.rateHz());
    Mixer mixer = JavaSoundDevices.mixerOf(device);
    try {
      TargetDataLine line =
          (TargetDataLine) mixer.getLine(new DataLine.Info(TargetDataLine.class, pcm));
      line.open(pcm, 2 * format.bufferFrames());
      return new Capture(line, format.blockFrames());
    } catch (LineUnavailableException | RuntimeException e) {
      throw cannotOpen(DeviceKind.CAPTURE, device, format, e);
    }
  }

  @Override
  public PlaybackLine openPlayback(AudioDevice device, LineFormat format)
      throws AudioDeviceException {
    AudioFormat pcm = JavaSoundDevices.pcm16Mono(format.rateHz());
    Mixer mixer = JavaSoundDevices.mixerOf(device);
    try {
      SourceDataLine line =
          (SourceDataLine) mixer.getLine(new DataLine.Info(SourceDataLine.class, pcm));
      line.open(pcm, 2 * format.bufferFrames());
      return new Playback(line, format.blockFrames());
    } catch (LineUnavailableException | RuntimeException e) {
      throw cannotOpen(DeviceKind.PLAYBACK, device, format, e);
    }
  }

  /** A {@code TargetDataLine} read a block at a time into a buffer made once. */
  private static final class Capture implements CaptureLine {
    private final TargetDataLine line;
    private final byte[] bytes;

    Capture(TargetDataLine line, int blockFrames) {
      this.line = line;
      this.bytes = new byte[2 * blockFrames];
    }

    @Override
    public void start() {
      line.start();
    }

    @Override
    public boolean read(float[] block, int frames) {
      int wanted = 2 * frames;
      if (line.read(bytes, 0, wanted) < wanted) {
        return false;
      }
      Pcm16.toFloats(bytes, block, frames);
      return true;
    }

    @Override
    public void close() {
      line.stop();
      line.close();
    }
  }

  /** A {@code SourceDataLine} written a block at a time from a buffer made once. */
  private static final class Playback implements PlaybackLine {
    private final SourceDataLine line;
    private final byte[] bytes;
    private volatile boolean failed;

    Playback(SourceDataLine line, int blockFrames) {
      this.line = line;
      this.bytes = new byte[2 * blockFrames];
    }

    @Override
    public void start() {
      line.start();
    }

    @Override
    public boolean write(float[] block, int frames) {
      Pcm16.toBytes(block, bytes, frames);
      int wanted = 2 * frames;
      if (line.write(bytes, 0, wanted) < wanted) {
        failed = true;
        return false;
      }
      return true;
    }

    @Override
    public void drain() {
      if (!failed && line.isOpen()) {
        line.drain();
      }
    }

    @Override
    public void close() {
      line.stop();
      line.close();
    }
  }

  /**
   * Why a line did not open. Java Sound says only that the format is not supported, also when the
   * sound server has no device of the name the environment asks for; that case is told apart so the
   * user is pointed at the name rather than at the buffer.
   */
  private static AudioDeviceException cannotOpen(
      DeviceKind kind, AudioDevice device, LineFormat format, Exception e) {
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
            + format.rateHz()
            + " Hz with a "
            + format.bufferMillis()
            + " ms buffer ("
            + e.getMessage()
            + "): is the sound server running?",
        false,
        e);
  }
}
