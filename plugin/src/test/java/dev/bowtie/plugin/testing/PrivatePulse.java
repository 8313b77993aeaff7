package dev.bowtie.plugin.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A PulseAudio server of a test's own ({@code .ci/pulse.sh} in a bash process), for tests that
 * crash the server and bring it back without disturbing the shared one. The same devices as the
 * shared server: vc_in, vc_out, vc_mic.
 */
public final class PrivatePulse implements AutoCloseable {
  private final Process shell;
  private final BufferedReader replies;
  private final Writer commands;
  private final String server;

  private PrivatePulse(Process shell) throws IOException {
    this.shell = shell;
    this.replies =
        new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8));
    this.commands = new OutputStreamWriter(shell.getOutputStream(), StandardCharsets.UTF_8);
    this.server = replies.readLine();
    if (server == null) {
      throw new IllegalStateException("the private PulseAudio server did not start");
    }
  }

  /** Starts the server and waits until its sinks run. */
  public static PrivatePulse start() throws IOException {
    Path script = Path.of("..", ".ci", "pulse.sh").toAbsolutePath().normalize();
    String loop =
        "source '"
            + script
            + "' && pulse_start 2>/dev/null && trap pulse_stop EXIT TERM"
            + " && echo \"$PULSE_SERVER\""
            + " && while read -r cmd; do case $cmd in"
            + " crash) pulse_crash; echo crashed;;"
            + " launch) pulse_launch 2>/dev/null; echo launched;;"
            + " esac; done";
    return new PrivatePulse(
        new ProcessBuilder("bash", "-c", loop)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start());
  }

  /** The server's address, for {@code PULSE_SERVER} or a libpulse client. */
  public String server() {
    return server;
  }

  /** Environment that points a client at this server's devices (vc_mic in, vc_out out). */
  public Map<String, String> clientEnv() {
    Map<String, String> env = new HashMap<>(SoundServer.TEST_DEVICES);
    env.put("PULSE_SERVER", server);
    return env;
  }

  /** Kills the daemon with SIGKILL, as a crash would. */
  public void crash() throws IOException {
    command("crash", "crashed");
  }

  /** Starts the daemon again on the same socket, with the same devices. */
  public void launch() throws IOException {
    command("launch", "launched");
  }

  private void command(String command, String reply) throws IOException {
    commands.write(command + "\n");
    commands.flush();
    String line = replies.readLine();
    if (!reply.equals(line)) {
      throw new IllegalStateException("pulse.sh answered '" + line + "' to " + command);
    }
  }

  /** Stops the server (pulse_stop) and waits for the shell to end. */
  @Override
  public void close() throws IOException {
    commands.close();
    try {
      if (!shell.waitFor(10, TimeUnit.SECONDS)) {
        shell.destroyForcibly();
      }
    } catch (InterruptedException e) {
      shell.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
