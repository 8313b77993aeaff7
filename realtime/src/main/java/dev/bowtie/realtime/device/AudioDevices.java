package dev.bowtie.realtime.device;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;

/**
 * Finds the capture and playback devices Java Sound offers and picks one by name. On Linux Java
 * Sound talks to ALSA; with PulseAudio or PipeWire the ALSA {@code default} device is the sound
 * server, and the server's own tools ({@code PULSE_SOURCE}/{@code PULSE_SINK}, pavucontrol) choose
 * the physical device behind it.
 *
 * <p>Thread rules: call from a control thread at start; never from the audio path.
 */
public final class AudioDevices {
  /** Rates Bowtie tries, best first: the sound servers' usual native rates, then lower ones. */
  public static final List<Integer> CANDIDATE_RATES_HZ = List.of(48000, 44100, 32000, 22050, 16000);

  private static final String NO_DEVICES_HINT =
      "start PulseAudio or PipeWire (e.g. 'pulseaudio --start', Debian package 'pulseaudio') "
          + "or connect a sound card";

  private AudioDevices() {}

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
   * Picks a device by name: an exact (case-insensitive) mixer name, or else the only device whose
   * name or description contains {@code name}. With no name, the first device of that kind, which
   * is the sound server's default when one runs.
   *
   * @param kind capture or playback
   * @param name the device the user asked for, or null for the default
   * @return the device
   * @throws AudioDeviceException when there is no device of that kind, or the name matches none or
   *     several; the message lists the devices
   */
  public static AudioDevice find(DeviceKind kind, String name) throws AudioDeviceException {
    List<AudioDevice> all = list();
    List<AudioDevice> ofKind = new ArrayList<>();
    for (AudioDevice d : all) {
      if (d.kind() == kind) {
        ofKind.add(d);
      }
    }
    String what = kind == DeviceKind.CAPTURE ? "capture" : "playback";
    if (ofKind.isEmpty()) {
      throw new AudioDeviceException(
          "no audio " + what + " device found: " + NO_DEVICES_HINT, true, null);
    }
    if (name == null) {
      return ofKind.get(0);
    }
    String wanted = name.toLowerCase(Locale.ROOT);
    List<AudioDevice> partial = new ArrayList<>();
    for (AudioDevice d : ofKind) {
      if (d.name().toLowerCase(Locale.ROOT).equals(wanted)) {
        return d;
      }
      if (d.name().toLowerCase(Locale.ROOT).contains(wanted)
          || d.description().toLowerCase(Locale.ROOT).contains(wanted)) {
        partial.add(d);
      }
    }
    if (partial.size() == 1) {
      return partial.get(0);
    }
    String problem = partial.isEmpty() ? "no " : "more than one ";
    throw new AudioDeviceException(
        problem + what + " device matches '" + name + "'; " + what + " devices: " + namesOf(ofKind),
        true,
        null);
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

  /**
   * @param device a device
   * @return the first of {@link #CANDIDATE_RATES_HZ} it accepts
   */
  public static int preferredRateHz(AudioDevice device) {
    return device.ratesHz().get(0);
  }

  private static String namesOf(List<AudioDevice> devices) {
    StringBuilder sb = new StringBuilder();
    for (AudioDevice d : devices) {
      sb.append(sb.length() == 0 ? "" : ", ").append('\'').append(d.name()).append('\'');
    }
    return sb.toString();
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
