package dev.bowtie.realtime.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's {@code sox}, the reference Bowtie's tests check audio files against. */
public final class Sox {
  private Sox() {}

  /** Runs {@code sox} with the arguments and fails the test with sox's own message if it fails. */
  public static void run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("sox");
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("sox timed out: " + command);
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          "sox failed: " + command + "\n" + new String(output, StandardCharsets.UTF_8));
    }
  }
}
