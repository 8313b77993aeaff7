package dev.bowtie.plugin.javasound;

import dev.bowtie.realtime.device.DeviceKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The sound-server device a PulseAudio client's environment picks behind Java Sound's {@code
 * default}: {@code PULSE_SOURCE} for capture, {@code PULSE_SINK} for playback. Java Sound only
 * reports that the line cannot be opened; this says whether the server has a device of that name at
 * all, by asking {@code pactl}.
 *
 * <p>Thread rules: any thread, never the audio path (it may start a process).
 *
 * @param variable the environment variable, {@code PULSE_SOURCE} or {@code PULSE_SINK}
 * @param name the device name it holds
 * @param kind {@code source} or {@code sink}, as the server calls it
 */
public record SoundServerChoice(String variable, String name, String kind) {

  /**
   * @param direction capture or playback
   * @return the device the environment picks for it, or null when it picks none
   */
  public static SoundServerChoice of(DeviceKind direction) {
    boolean capture = direction == DeviceKind.CAPTURE;
    String variable = capture ? "PULSE_SOURCE" : "PULSE_SINK";
    String name = System.getenv(variable);
    if (name == null || name.isBlank()) {
      return null;
    }
    return new SoundServerChoice(variable, name, capture ? "source" : "sink");
  }

  /** The command that lists the server's devices of this kind. */
  public String listCommand() {
    return "pactl list short " + kind + "s";
  }

  /**
   * @return true when {@code pactl} answered and lists no {@code kind} of this name; false when it
   *     lists one or cannot be asked
   */
  public boolean missingOnServer() {
    try {
      Process pactl =
          new ProcessBuilder("pactl", "list", "short", kind + "s")
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      pactl.getOutputStream().close();
      String listing = new String(pactl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!pactl.waitFor(5, TimeUnit.SECONDS)) {
        pactl.destroyForcibly();
        return false;
      }
      if (pactl.exitValue() != 0) {
        return false;
      }
      for (String line : listing.split("\n")) {
        String[] columns = line.split("\t");
        if (columns.length > 1 && columns[1].equals(name)) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
