package dev.bowtie.realtime.device;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.ptr.IntByReference;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Real-time scheduling for the live loop's threads: each thread asks the Linux kernel, through
 * libc's {@code sched_setscheduler} called with JNA, to run it under {@code SCHED_RR} at one
 * priority, so a busy desktop (a browser, a build) cannot hold back a hop. Where the kernel says no
 * (no {@code CAP_SYS_NICE} and an {@code RLIMIT_RTPRIO} below the priority) or on another system,
 * the thread keeps its normal priority and {@link #refusal()} says why and what to change.
 *
 * <p>Thread rules: {@link #applyToCurrentThread} acts on the thread that calls it, once, at its
 * top, before its audio work (it is a system call, never made per hop); any thread may read the
 * outcome.
 */
public final class RealtimePriority {
  /** Highest priority Linux gives {@code SCHED_RR}. */
  public static final int MAX = 99;

  private static final int SCHED_RR = 2;
  private static final int EPERM = 1;

  private final int priority;
  private final AtomicInteger granted = new AtomicInteger();
  private final AtomicReference<String> refusal = new AtomicReference<>();

  /** libc's scheduling calls, as JNA binds them. */
  private interface LibC extends Library {
    int sched_setscheduler(int pid, int policy, IntByReference param) throws LastErrorException;

    int sched_getscheduler(int pid) throws LastErrorException;

    int sched_getparam(int pid, IntByReference param) throws LastErrorException;
  }

  /** Loaded on first use, so a run with the priority off never touches native code. */
  private static final class Holder {
    static final LibC LIBC = Native.load(Platform.C_LIBRARY_NAME, LibC.class);
  }

  /**
   * @param priority {@code SCHED_RR} priority, 1 to {@link #MAX}; 0 leaves every thread as it is
   */
  public RealtimePriority(int priority) {
    if (priority < 0 || priority > MAX) {
      throw new IllegalArgumentException("priority " + priority + " is not 0 to " + MAX);
    }
    this.priority = priority;
  }

  /**
   * @return the priority asked for; 0 when off
   */
  public int priority() {
    return priority;
  }

  /**
   * Moves the calling thread to {@code SCHED_RR} at this priority, or records why it could not.
   * Never throws.
   */
  public void applyToCurrentThread() {
    if (priority == 0) {
      return;
    }
    if (!Platform.isLinux()) {
      refusal.compareAndSet(null, "real-time priority is set only on Linux");
      return;
    }
    try {
      // On Linux, pid 0 is the calling thread alone, not the whole process.
      Holder.LIBC.sched_setscheduler(0, SCHED_RR, new IntByReference(priority));
      granted.incrementAndGet();
    } catch (LastErrorException e) {
      refusal.compareAndSet(null, explain(e.getErrorCode()));
    } catch (UnsatisfiedLinkError e) {
      refusal.compareAndSet(null, "libc could not be loaded (" + e.getMessage() + ")");
    }
  }

  /**
   * @return how many threads run at real-time priority through this object
   */
  public int grantedThreads() {
    return granted.get();
  }

  /**
   * @return why a thread was refused, with what to change; null while none was
   */
  public String refusal() {
    return refusal.get();
  }

  /**
   * The calling thread's scheduling as the kernel reports it, for checks and diagnostics.
   *
   * @return policy and priority, e.g. {@code SCHED_RR 10} or {@code SCHED_OTHER 0}
   */
  public static String currentThreadScheduling() {
    int policy = Holder.LIBC.sched_getscheduler(0);
    IntByReference param = new IntByReference();
    Holder.LIBC.sched_getparam(0, param);
    String name =
        switch (policy) {
          case 0 -> "SCHED_OTHER";
          case 1 -> "SCHED_FIFO";
          case SCHED_RR -> "SCHED_RR";
          default -> "policy " + policy;
        };
    return name + " " + param.getValue();
  }

  private String explain(int errno) {
    if (errno == EPERM) {
      return "real-time priority "
          + priority
          + " not permitted for this user: allow it (e.g. a line '@audio - rtprio "
          + priority
          + "' in /etc/security/limits.d/ and membership of group audio, then log in again),"
          + " or turn real-time priority off";
    }
    return "real-time priority " + priority + " refused by the kernel (errno " + errno + ")";
  }
}
