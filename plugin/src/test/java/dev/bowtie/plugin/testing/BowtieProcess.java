package dev.bowtie.plugin.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real {@code bowtie.jar} run as a subprocess, with its output lines collected. */
public final class BowtieProcess implements AutoCloseable {
  private static final Pattern PROCESSED = Pattern.compile("\"processedHops\":(\\d+)");

  /** The process; its standard input is open for control lines. */
  public final Process process;

  private final List<String> out = Collections.synchronizedList(new ArrayList<>());
  private final List<String> err = Collections.synchronizedList(new ArrayList<>());

  private BowtieProcess(Process process) {
    this.process = process;
    collect(process.getInputStream(), out);
    collect(process.getErrorStream(), err);
  }

  /** The jar that {@code mvn package} built (system property {@code bowtie.jar}). */
  public static Path jar() {
    return Path.of(System.getProperty("bowtie.jar", "target/bowtie.jar"));
  }

  /** True when the jar has been built. */
  public static boolean jarBuilt() {
    return Files.isRegularFile(jar());
  }

  /**
   * Starts {@code java -jar bowtie.jar args...} with extra environment variables.
   *
   * @param env added to this JVM's environment
   * @param args bowtie's arguments
   */
  public static BowtieProcess start(Map<String, String> env, String... args) throws IOException {
    return start(List.of(), env, args);
  }

  /**
   * Starts {@code java jvmOptions... -jar bowtie.jar args...} with extra environment variables.
   *
   * @param jvmOptions options for the JVM, such as {@code -Djava.io.tmpdir=...}
   * @param env added to this JVM's environment
   * @param args bowtie's arguments
   */
  public static BowtieProcess start(
      List<String> jvmOptions, Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    return new BowtieProcess(pb.start());
  }

  /** Standard output lines so far. */
  public List<String> out() {
    synchronized (out) {
      return List.copyOf(out);
    }
  }

  /** Standard error lines so far. */
  public List<String> err() {
    synchronized (err) {
      return List.copyOf(err);
    }
  }

  /**
   * Waits for a JSON status line reporting processed hops (the loop runs).
   *
   * @return true when one arrived in time
   */
  public boolean awaitRunning(long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (System.currentTimeMillis() < deadline && process.isAlive()) {
      for (String line : out()) {
        Matcher m = PROCESSED.matcher(line);
        if (m.find() && Long.parseLong(m.group(1)) > 0) {
          return true;
        }
      }
      Thread.sleep(50);
    }
    return false;
  }

  /** The last JSON status line, or null. */
  public String lastStatus() {
    List<String> lines = out();
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).startsWith("{")) {
        return lines.get(i);
      }
    }
    return null;
  }

  /**
   * Waits for a JSON status line printed after this call, so that it covers everything the process
   * did until now.
   *
   * @return that line
   * @throws AssertionError if none arrives in time
   */
  /**
   * The first status once the loop has settled: no hop skipped over a whole status interval. A
   * capture stream delivers a burst once as it connects (58-59 hops on the test server with the
   * pulse backend), which the loop drops as stale before anyone speaks; a measurement counts only
   * what comes after.
   */
  public String awaitSettledStatus() throws InterruptedException {
    String last = lastStatus();
    for (int i = 0; i < 10; i++) {
      String next = awaitNextStatus(5_000);
      if (field(next, "skippedHops") == field(last, "skippedHops")) {
        return next;
      }
      last = next;
    }
    return last;
  }

  public String awaitNextStatus(long timeoutMillis) throws InterruptedException {
    int seen = out().size();
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (System.currentTimeMillis() < deadline && process.isAlive()) {
      List<String> lines = out();
      for (int i = seen; i < lines.size(); i++) {
        if (lines.get(i).startsWith("{")) {
          return lines.get(i);
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no status line within " + timeoutMillis + " ms; " + err());
  }

  /** A numeric field of a JSON status line. */
  public static double field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":(-?[0-9.]+)").matcher(json);
    if (!m.find()) {
      throw new AssertionError("no " + name + " in " + json);
    }
    return Double.parseDouble(m.group(1));
  }

  /** Waits for the process to end; kills it and fails if it does not. */
  public int awaitExit(long timeoutMillis) throws InterruptedException {
    if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("bowtie did not exit within " + timeoutMillis + " ms; " + err());
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  private static void collect(InputStream in, List<String> into) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  into.add(line);
                }
              } catch (IOException e) {
                // The process ended.
              }
            });
    t.setDaemon(true);
    t.start();
  }
}
