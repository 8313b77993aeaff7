package dev.bowtie.realtime.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The PulseAudio server the end-to-end tests run against: the private one test.sh starts with
 * {@code .ci/pulse.sh} (sinks {@code vc_in}, {@code vc_out}, source {@code vc_mic}).
 */
public final class SoundServer {
  private SoundServer() {}

  /** True when {@code pactl} reaches a server that has Bowtie's test sinks. */
  public static boolean hasTestDevices() {
    try {
      Process p = new ProcessBuilder("pactl", "list", "short", "sinks").start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0 && out.contains("vc_in") && out.contains("vc_out");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
