package dev.bowtie.realtime.device;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One device an {@link AudioBackend} can open for mono capture or playback, with the sample rates
 * it accepts. Immutable.
 *
 * @param name the backend's name for it, e.g. {@code default [default]} (Java Sound) or {@code
 *     alsa_input.usb-...} (the sound server); what a user's device choice matches
 * @param description a name for people
 * @param kind capture or playback
 * @param ratesHz sample rates it accepts, best first
 */
public record AudioDevice(String name, String description, DeviceKind kind, List<Integer> ratesHz) {

  /** Copies the rates so the record stays immutable. */
  public AudioDevice {
    ratesHz = List.copyOf(ratesHz);
  }

  /**
   * @return the first of its rates: the one it runs best at
   */
  public int preferredRateHz() {
    return ratesHz.get(0);
  }

  /**
   * @return one line for device lists and error messages
   */
  public String describe() {
    StringBuilder rates = new StringBuilder();
    for (int r : ratesHz) {
      rates.append(rates.length() == 0 ? "" : ", ").append(r);
    }
    return String.format(
        Locale.ROOT,
        "%-8s %-24s mono at %s Hz  (%s)",
        kind == DeviceKind.CAPTURE ? "capture" : "playback",
        name,
        rates,
        description);
  }

  /**
   * Picks a device by name: an exact (case-insensitive) name, or else the only device whose name or
   * description contains {@code name}. With no name, the first device of that kind, which backends
   * list first when it is the default.
   *
   * @param devices what a backend lists
   * @param kind capture or playback
   * @param name the device asked for, or null for the default
   * @return the device
   * @throws AudioDeviceException when there is no device of that kind, or the name matches none or
   *     several; the message lists the devices
   */
  public static AudioDevice pick(List<AudioDevice> devices, DeviceKind kind, String name)
      throws AudioDeviceException {
    List<AudioDevice> ofKind = new ArrayList<>();
    for (AudioDevice d : devices) {
      if (d.kind() == kind) {
        ofKind.add(d);
      }
    }
    String what = kind == DeviceKind.CAPTURE ? "capture" : "playback";
    if (ofKind.isEmpty()) {
      throw new AudioDeviceException(
          "no audio "
              + what
              + " device found: start PulseAudio or PipeWire (e.g. 'pulseaudio --start', Debian"
              + " package 'pulseaudio') or connect a sound card",
          true,
          null);
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
    List<String> names = new ArrayList<>();
    for (AudioDevice d : ofKind) {
      names.add("'" + d.name() + "'");
    }
    throw new AudioDeviceException(
        (partial.isEmpty() ? "no " : "more than one ")
            + what
            + " device matches '"
            + name
            + "'; "
            + what
            + " devices: "
            + String.join(", ", names),
        true,
        null);
  }
}
