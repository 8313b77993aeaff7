package dev.bowtie.plugin.pulse;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Bowtie process that owns a sound-server module, as written into the module's device
 * properties: its PID and start time, so a PID that a new process has taken over is not mistaken
 * for the owner.
 *
 * @param pid the process ID
 * @param startMillis the process's start time in epoch milliseconds, or -1 when unknown
 */
record OwnerProcess(long pid, long startMillis) {
  /** The device property whose presence marks a module as Bowtie's. */
  static final String PID_PROPERTY = "bowtie.owner.pid";

  static final String START_PROPERTY = "bowtie.owner.start";

  /** The kernel reports start times in clock ticks: two readings may differ by a tick or so. */
  private static final long START_TOLERANCE_MILLIS = 1000;

  private static final Pattern PID = Pattern.compile(Pattern.quote(PID_PROPERTY) + "=(\\d{1,18})");
  private static final Pattern START =
      Pattern.compile(Pattern.quote(START_PROPERTY) + "=(\\d{1,18})");

  static OwnerProcess current() {
    ProcessHandle self = ProcessHandle.current();
    return new OwnerProcess(self.pid(), startOf(self));
  }

  private static long startOf(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
  }

  /**
   * @param moduleArgument a module's argument string
   * @return the owner it names, or empty when the module is not Bowtie's
   */
  static Optional<OwnerProcess> fromModuleArgument(String moduleArgument) {
    Matcher pid = PID.matcher(moduleArgument);
    if (!pid.find()) {
      return Optional.empty();
    }
    Matcher start = START.matcher(moduleArgument);
    return Optional.of(
        new OwnerProcess(
            Long.parseLong(pid.group(1)), start.find() ? Long.parseLong(start.group(1)) : -1));
  }

  /** The device properties that name this owner, separated by a space. */
  String properties() {
    return PID_PROPERTY + "=" + pid + " " + START_PROPERTY + "=" + startMillis;
  }

  /** True while the process runs; a process with this PID but another start time is not it. */
  boolean isAlive() {
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty() || !process.get().isAlive()) {
      return false;
    }
    long start = startOf(process.get());
    return startMillis < 0 || start < 0 || Math.abs(start - startMillis) <= START_TOLERANCE_MILLIS;
  }
}
