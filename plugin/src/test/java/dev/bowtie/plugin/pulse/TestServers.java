package dev.bowtie.plugin.pulse;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bowtie.plugin.testing.SoundServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The sound servers the sound-server tests run against, and {@code pactl} pointed at one of them.
 * The shared one is what {@code .ci/pulse.sh} started for the run ({@code PULSE_SERVER}, with
 * vc_in, vc_out, vc_mic); a test that crashes a server starts a {@link Scratch} one of its own; the
 * PipeWire one is started by {@code .ci/pipewire.sh} when PipeWire is installed.
 */
final class TestServers {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  private TestServers() {}

  /** The shared server's address; skips the test unless it runs with the test devices. */
  static String shared() throws Exception {
    String server = System.getenv("PULSE_SERVER");
    assumeTrue(
        server != null && hasTestDevices(server),
        "no PulseAudio server with vc_in/vc_out: source .ci/pulse.sh && pulse_start first");
    return server;
  }

  private static boolean hasTestDevices(String server) throws Exception {
    try {
      String sinks = pactl(server, "list", "short", "sinks");
      return sinks.contains("vc_in") && sinks.contains("vc_out");
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Runs pactl on a server.
   *
   * @return its standard output
   * @throws IOException when it fails
   */
  static String pactl(String server, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("--server=" + server));
    command.addAll(List.of(args));
    return SoundServer.pactl(command.toArray(String[]::new));
  }

  /** The module lines of {@code pactl list short modules} that carry Bowtie's owner marker. */
  static List<String> bowtieModules(String server) throws Exception {
    return pactl(server, "list", "short", "modules")
        .lines()
        .filter(l -> l.contains(OwnerProcess.PID_PROPERTY))
        .toList();
  }

  private static void awaitExit(Process process) {
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A private PipeWire with pipewire-pulse, from {@code .ci/pipewire.sh}. Skips the test when the
   * script or PipeWire is missing.
   */
  static final class PipeWire implements AutoCloseable {
    private final Path script;
    private final Path dir;
    final String server;

    PipeWire() throws Exception {
      script = REPO.resolve(".ci").resolve("pipewire.sh");
      assumeTrue(Files.isRegularFile(script), "no " + script);
      assumeTrue(
          Files.isExecutable(Path.of("/usr/bin/pipewire-pulse")),
          "PipeWire is not installed (apt-get install pipewire pipewire-pulse wireplumber dbus)");
      dir = Files.createTempDirectory("bowtie-pipewire");
      server = "unix:" + dir.resolve("pulse").resolve("native");
      Process start =
          new ProcessBuilder("bash", script.toString(), "start", dir.toString())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!start.waitFor(30, TimeUnit.SECONDS) || start.exitValue() != 0) {
        close();
        throw new IllegalStateException("PipeWire did not start; see " + dir);
      }
    }

    @Override
    public void close() throws IOException {
      Process stop =
          new ProcessBuilder("bash", script.toString(), "stop", dir.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      awaitExit(stop);
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }
}
