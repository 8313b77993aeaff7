package dev.bowtie.plugin.latency;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine a benchmark ran on, for its report. Immutable.
 *
 * @param cpu the CPU model, or "unknown" where the system does not say
 * @param cores the cores this JVM may use
 * @param os operating system name, version and architecture
 * @param jvm the JVM's name and version
 */
public record Machine(String cpu, int cores, String os, String jvm) {
  /**
   * @return this machine
   */
  public static Machine current() {
    return new Machine(
        cpuModel(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or /proc is hidden: the report says so.
    }
    return "unknown";
  }
}
