package dev.bowtie.realtime.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** How the kernel schedules threads, read from /proc: for checks of real-time priority. */
public final class Scheduling {
  private Scheduling() {}

  /**
   * @return whether this test JVM runs as root (which may always ask for real-time priority)
   */
  public static boolean runningAsRoot() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0"));
  }

  /**
   * @param pid a process
   * @return for each of its threads by name, "policy priority" as /proc/PID/task/TID/stat gives
   *     them (policy 0 normal, 2 round-robin)
   */
  public static Map<String, String> threadsOf(long pid) throws IOException {
    Map<String, String> byName = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException threadEnded) {
          continue;
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        // Fields after the name start at field 3 (state); rt_priority is field 40, policy 41.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        byName.put(name, f[38] + " " + f[37]);
      }
    }
    return byName;
  }
}
