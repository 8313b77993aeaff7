package dev.bowtie.realtime.device;

import java.util.List;

/**
 * One Java Sound device able to capture or play 16-bit mono audio, with the sample rates it
 * accepts. Immutable; {@link AudioDevices#mixerOf} finds its Java Sound mixer.
 *
 * @param name the Java Sound mixer name, e.g. {@code default [default]}; what {@code --input} and
 *     {@code --output} match
 * @param description the mixer's description
 * @param kind capture or playback
 * @param ratesHz sample rates it accepts for 16-bit signed little-endian mono, best first
 */
public record AudioDevice(String name, String description, DeviceKind kind, List<Integer> ratesHz) {

  /**
   * @return one line for {@code bowtie devices} and error messages
   */
  public String describe() {
    StringBuilder rates = new StringBuilder();
    for (int r : ratesHz) {
      rates.append(rates.length() == 0 ? "" : ", ").append(r);
    }
    return String.format(
        "%-8s %-24s 16-bit mono at %s Hz  (%s)",
        kind == DeviceKind.CAPTURE ? "capture" : "playback", name, rates, description);
  }
}
