package dev.bowtie.plugin.jack;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A private JACK server for one test: {@code jackd --no-realtime -n NAME -d dummy}, a server with a
 * clock and no sound card, under a name no other run uses, made this JVM's default server. jnajack
 * cannot pass a server name (it has no {@code JackServerName} option), and libjack reads {@code
 * JACK_DEFAULT_SERVER} at every {@code jack_client_open}, so the test sets that variable in the
 * process itself (Java's own view of the environment is fixed at start).
 */
final class JackServer implements AutoCloseable {
  private static final AtomicInteger COUNT = new AtomicInteger();
  private static final Path JACKD = Path.of("/usr/bin/jackd");

  /** libc's {@code setenv}, the only way to change the environment libjack reads. */
  interface LibC extends Library {
    int setenv(String name, String value, int overwrite);
  }

  private static final LibC LIBC = Native.load("c", LibC.class);

  final String name;
  private final Process jackd;

  private JackServer(String name, Process jackd) {
    this.name = name;
    this.jackd = jackd;
  }

  /** Skips the test when jackd is not installed (Debian package jackd2). */
  static void assumeInstalled() {
    assumeTrue(Files.isExecutable(JACKD), "jackd is not installed (apt-get install jackd2)");
  }

  /** Makes {@code name} the server libjack connects to. */
  static void useServer(String name) {
    LIBC.setenv("JACK_DEFAULT_SERVER", name, 1);
  }

  /**
   * @return a name no server of this or another test run has
   */
  static String uniqueName() {
    return "bowtie-test-" + ProcessHandle.current().pid() + "-" + COUNT.incrementAndGet();
  }

  /** Starts the server and waits until a client can connect. */
  static JackServer start(int rateHz, int periodFrames) throws Exception {
    assumeInstalled();
    String name = uniqueName();
    Path log = Files.createTempFile("jackd-" + name, ".log");
    ProcessBuilder pb =
        new ProcessBuilder(
            JACKD.toString(),
            "--no-realtime",
            // Synchronous: the server waits for every client each period, so a test JVM that is
            // slow on a busy machine makes the clock late instead of dropping a period.
            "--sync",
            "-n",
            name,
            "-d",
            "dummy",
            "-r",
            Integer.toString(rateHz),
            "-p",
            Integer.toString(periodFrames));
    pb.environment().put("JACK_NO_AUDIO_RESERVATION", "1");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    JackServer server = new JackServer(name, pb.start());
    useServer(name);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!server.accepts()) {
      if (!server.jackd.isAlive() || System.nanoTime() > deadline) {
        server.close();
        throw new IOException("jackd did not start: " + Files.readString(log));
      }
      Thread.sleep(100);
    }
    return server;
  }

  /**
   * Asks with JACK's own {@code jack_lsp}, in a process of its own: libjack aborted this JVM
   * ("double free or corruption") when a client tried to connect while the server was coming up.
   */
  private boolean accepts() throws IOException, InterruptedException {
    Process lsp =
        new ProcessBuilder("jack_lsp", "-s", name)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    return lsp.waitFor() == 0;
  }

  /**
   * @return the server's ports, as JACK's own {@code jack_lsp} lists them, one a line
   */
  String ports() throws IOException, InterruptedException {
    Process lsp =
        new ProcessBuilder("jack_lsp", "-s", name)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String listing = new String(lsp.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    lsp.waitFor();
    return listing;
  }

  /** Stops the server and waits for it to end. */
  @Override
  public void close() {
    jackd.destroy();
    try {
      if (!jackd.waitFor(10, TimeUnit.SECONDS)) {
        jackd.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      jackd.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
