package dev.bowtie.plugin.report;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where a benchmark ran, for its report: the machine (CPU model, cores, OS), the JVM and its
 * collectors, and Bowtie's version and commit ({@code git describe} when Bowtie runs from a
 * checkout, else the jar's version).
 *
 * @param cpu the CPU model, from {@code /proc/cpuinfo} where there is one, else the architecture
 * @param cores processors available to the JVM
 * @param os the operating system, e.g. {@code Debian GNU/Linux 12 (bookworm), Linux 6.1 amd64}
 * @param jvm the JVM's name, vendor and version
 * @param collectors the garbage collectors
 * @param bowtieVersion the jar's version, or {@code development}
 * @param bowtieCommit {@code git describe --always --dirty} of the checkout, or null outside one
 */
public record RunEnvironment(
    String cpu,
    int cores,
    String os,
    String jvm,
    List<String> collectors,
    String bowtieVersion,
    String bowtieCommit) {

  /**
   * Looks at this machine and JVM.
   *
   * @param bowtieVersion the jar's version, or {@code development}
   * @param codeOf a class of Bowtie's, whose location tells whether it runs from a checkout
   */
  public static RunEnvironment ofThisMachine(String bowtieVersion, Class<?> codeOf) {
    List<String> collectors = new ArrayList<>();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      collectors.add(gc.getName());
    }
    return new RunEnvironment(
        readCpu(),
        Runtime.getRuntime().availableProcessors(),
        readOs(),
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.vm.vendor")
            + " "
            + System.getProperty("java.runtime.version", System.getProperty("java.version")),
        collectors,
        bowtieVersion,
        commit(codeOf));
  }

  private static String readCpu() {
    for (String line : lines(Path.of("/proc/cpuinfo"))) {
      if (line.startsWith("model name") && line.contains(":")) {
        return line.substring(line.indexOf(':') + 1).strip();
      }
    }
    return System.getProperty("os.arch");
  }

  private static String readOs() {
    String kernel =
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch");
    for (String line : lines(Path.of("/etc/os-release"))) {
      if (line.startsWith("PRETTY_NAME=")) {
        return line.substring("PRETTY_NAME=".length()).replace("\"", "") + ", " + kernel;
      }
    }
    return kernel;
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  /** The checkout's {@code git describe}, when the code runs from inside a git work tree. */
  private static String commit(Class<?> codeOf) {
    Path dir;
    try {
      dir = Path.of(codeOf.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
    Path checkout = null;
    for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve(".git"))) {
        checkout = p;
        break;
      }
    }
    if (checkout == null) {
      return null;
    }
    try {
      Process git =
          new ProcessBuilder(
                  "git", "-C", checkout.toString(), "describe", "--always", "--dirty", "--tags")
              .redirectErrorStream(true)
              .start();
      String said = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!git.waitFor(10, TimeUnit.SECONDS) || git.exitValue() != 0) {
        git.destroy();
        return null;
      }
      return said.strip();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
