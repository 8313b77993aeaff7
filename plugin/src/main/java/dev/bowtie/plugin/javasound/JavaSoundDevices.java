package dev.bowtie.plugin.javasound;

import dev.bowtie.realtime.device.AudioDevice;
import dev.bowtie.realtime.device.AudioDeviceException;
import dev.bowtie.realtime.device.DeviceKind;
import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;

/**
 * The capture and playback devices Java Sound offers, and their mixers. On Linux Java Sound talks
 * to ALSA; with PulseAudio or PipeWire the ALSA {@code default} device is the sound server, and the
 * server's own tools ({@code PULSE_SOURCE}/{@code PULSE_SINK}, pavucontrol) choose the physical
 * device behind it.
 *
 * <p>Thread rules: call from a control thread at start; never from the audio path.
 */
final class JavaSoundDevices {
  /** Rates Bowtie tries, best first: the sound servers' usual native rates, then lower ones. */
  public static final List<Integer> CANDIDATE_RATES_HZ = List.of(48000, 44100, 32000, 22050, 16000);

  private static final String NO_DEVICES_HINT =
      "start PulseAudio or PipeWire (e.g. 'pulseaudio --start', Debian package 'pulseaudio') "
          + "or connect a sound card";

  private JavaSoundDevices() {}

  /**
   * @param rateHz a sample rate
   * @return 16-bit signed little-endian mono at that rate: the one format Bowtie uses on devices
   */
  public static AudioFormat pcm16Mono(int rateHz) {
    return new AudioFormat(rateHz, 16, 1, true, false);
  }

  /**
   * Lists every device that accepts 16-bit mono at one of the {@link #CANDIDATE_RATES_HZ}.
   *
   * @return capture devices first, then playback devices, in Java Sound's order
   */
  public static List<AudioDevice> list() {
    List<AudioDevice> capture = new ArrayList<>();
    List<AudioDevice> playback = new ArrayList<>();
    for (Mixer.Info info : AudioSystem.getMixerInfo()) {
      Mixer mixer;
      try {
        mixer = AudioSystem.getMixer(info);
      } catch (RuntimeException e) {
        continue;
      }
      addIfUsable(mixer, info, DeviceKind.CAPTURE, TargetDataLine.class, capture);
      addIfUsable(mixer, info, DeviceKind.PLAYBACK, SourceDataLine.class, playback);
    }
    capture.addAll(playback);
    return capture;
  }

  /**
   * The mixer that is this device now. Java Sound makes new mixer handles when the sound system
   * re-lists its devices (after a sound server restarts, say) and forgets the old ones, so a device
   * that comes back is found again by its name.
   *
   * @param device a device found earlier
   * @return its mixer
   * @throws AudioDeviceException when no mixer of that name exists now
   */
  public static Mixer mixerOf(AudioDevice device) throws AudioDeviceException {
    for (Mixer.Info info : AudioSystem.getMixerInfo()) {
      if (info.getName().equals(device.name())) {
        return AudioSystem.getMixer(info);
      }
    }
    throw new AudioDeviceException(
        "audio device '" + device.name() + "' is gone: " + NO_DEVICES_HINT, true, null);
  }

  private static void addIfUsable(
      Mixer mixer,
      Mixer.Info info,
      DeviceKind kind,
      Class<? extends DataLine> lineClass,
      List<AudioDevice> into) {
    List<Integer> rates = new ArrayList<>();
    for (int rate : CANDIDATE_RATES_HZ) {
      if (mixer.isLineSupported(new DataLine.Info(lineClass, pcm16Mono(rate)))) {
        rates.add(rate);
      }
    }
    if (!rates.isEmpty()) {
      into.add(new AudioDevice(info.getName(), info.getDescription(), kind, List.copyOf(rates)));
    }
  }
}
