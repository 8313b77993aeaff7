package dev.bowtie.plugin.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bash} running lines pasted from the README, in its own process group as a terminal runs a
 * command, so that {@link #pressCtrlC} stops it the way a person does.
 */
public final class PastedShell {
  private static final Path README = Path.of("..", "README.md");
  private static final Pattern SH_BLOCK = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL);

  private final Process process;
  private final Path log;

  private PastedShell(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * The non-blank lines of the {@code sh} blocks in one README section, in order.
   *
   * @param heading the section's heading line, e.g. {@code ## Quick start}
   */
  public static List<String> readmeLines(String heading) throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    int start = readme.indexOf(heading + "\n");
    if (start < 0) {
      throw new AssertionError("the README has no section '" + heading + "'");
    }
    int end = readme.indexOf("\n##", start + heading.length());
    Matcher blocks = SH_BLOCK.matcher(readme.substring(start, end < 0 ? readme.length() : end));
    List<String> lines = new ArrayList<>();
    while (blocks.find()) {
      for (String line : blocks.group(1).split("\n")) {
        if (!line.isBlank()) {
          lines.add(line.strip());
        }
      }
    }
    return lines;
  }

  /** Starts {@code script} in bash (aliases on) in {@code cwd}, output to a log in that folder. */
  public static PastedShell run(Path cwd, String script) throws IOException {
    Path log = Files.createTempFile(cwd, "shell", ".log");
    Process p =
        new ProcessBuilder("setsid", "bash", "--norc", "-O", "expand_aliases", "-c", script)
            .directory(cwd.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    p.getOutputStream().close();
    return new PastedShell(p, log);
  }

  /** Everything the lines printed so far, standard error included. */
  public String output() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  /** Waits until the output contains {@code text}; false if it does not in time. */
  public boolean awaitOutput(String text, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline && process.isAlive()) {
      if (output().contains(text)) {
        return true;
      }
      Thread.sleep(100);
    }
    return output().contains(text);
  }

  /** SIGINT to the shell's process group, as Ctrl-C in a terminal. */
  public void pressCtrlC() throws Exception {
    Process kill = new ProcessBuilder("kill", "-INT", "--", "-" + process.pid()).start();
    assertEquals(0, kill.waitFor(), "SIGINT reached the shell's process group");
  }

  /** Waits for the shell to end; kills it and its children and fails if it does not. */
  public int waitFor(int seconds) throws Exception {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new AssertionError("the pasted lines did not finish in " + seconds + " s");
    }
    return process.exitValue();
  }
}
