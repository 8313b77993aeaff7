package dev.bowtie.plugin.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bowtie.realtime.testing.Recording;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The PulseAudio server the end-to-end tests run against: the private one test.sh starts with
 * {@code .ci/pulse.sh} (sinks {@code vc_in}, {@code vc_out}, source {@code vc_mic}).
 */
public final class SoundServer {
  /** Environment that points a client at the test devices: vc_mic in, vc_out out. */
  public static final Map<String, String> TEST_DEVICES =
      Map.of("PULSE_SOURCE", "vc_mic", "PULSE_SINK", "vc_out");

  private SoundServer() {}

  /** Skips the calling test class unless the test server runs and {@code bowtie.jar} is built. */
  public static void assumeServerAndJar() {
    assumeTrue(
        hasTestDevices(),
        "no PulseAudio server with vc_in/vc_out: run under test.sh or source .ci/pulse.sh");
    assumeTrue(BowtieProcess.jarBuilt(), "bowtie.jar is not built: run mvn package first");
  }

  /** True when {@code pactl} reaches a server that has Bowtie's test sinks. */
  public static boolean hasTestDevices() {
    try {
      String sinks = pactl("list", "short", "sinks");
      return sinks.contains("vc_in") && sinks.contains("vc_out");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Runs pactl on the server {@code PULSE_SERVER} names (or {@code --server=...} as the first
   * argument).
   *
   * @return its standard output
   * @throws IOException when it fails or takes over 10 s
   */
  public static String pactl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("pactl"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("pactl " + String.join(" ", args) + " failed");
    }
    return out;
  }

  /**
   * Plays {@code wav} into {@code vc_in} with paplay while parec records {@code vc_out.monitor},
   * from half a second before paplay starts until a second after it ends.
   *
   * @param raw where the recording goes: 16-bit little-endian mono at 48 kHz
   * @return the recording, in [-1, 1]
   */
  public static float[] playAndRecord(Path wav, Path raw) throws IOException, InterruptedException {
    return playAndRecord(wav, "vc_out.monitor", raw);
  }

  /**
   * Plays {@code wav} into {@code vc_in} with paplay while parec records {@code source}, from half
   * a second before paplay starts until a second after it ends.
   *
   * @param source the source to record, e.g. a virtual microphone
   * @param raw where the recording goes: 16-bit little-endian mono at 48 kHz
   * @return the recording, in [-1, 1]
   */
  public static float[] playAndRecord(Path wav, String source, Path raw)
      throws IOException, InterruptedException {
    Process parec =
        new ProcessBuilder(
                "parec",
                "-d",
                source,
                "--latency-msec=10",
                "--format=s16le",
                "--rate=48000",
                "--channels=1",
                "--raw")
            .redirectOutput(raw.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      Thread.sleep(500);
      Process paplay =
          new ProcessBuilder("paplay", "-d", "vc_in", wav.toString())
              .redirectErrorStream(true)
              .start();
      if (!paplay.waitFor(30, TimeUnit.SECONDS)) {
        paplay.destroyForcibly();
        throw new IOException("paplay did not finish playing " + wav + " within 30 s");
      }
      Thread.sleep(1000);
    } finally {
      parec.destroy();
      parec.waitFor(5, TimeUnit.SECONDS);
    }
    return Recording.readS16(raw);
  }
}
