package dev.bowtie.realtime.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.realtime.testing.Scheduling;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Real-time priority asked of the kernel through JNA, checked by asking the kernel back. */
class RealtimePriorityTest {
  private static String scheduledAfter(RealtimePriority priority) throws InterruptedException {
    AtomicReference<String> seen = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              priority.applyToCurrentThread();
              seen.set(RealtimePriority.currentThreadScheduling());
            });
    t.start();
    t.join();
    return seen.get();
  }

  @Test
  void shouldRunTheCallingThreadRoundRobinOrSayWhyNot() throws Exception {
    RealtimePriority priority = new RealtimePriority(7);
    String scheduling = scheduledAfter(priority);
    if (Scheduling.runningAsRoot()) {
      assertNull(priority.refusal());
      assertEquals("SCHED_RR 7", scheduling);
      assertEquals(1, priority.grantedThreads());
    } else if (priority.refusal() != null) {
      assertEquals("SCHED_OTHER 0", scheduling);
      assertTrue(priority.refusal().endsWith("or turn real-time priority off"), priority.refusal());
    } else {
      assertEquals("SCHED_RR 7", scheduling, "granted by this user's RLIMIT_RTPRIO");
    }
    // Only the thread that asked: this one is untouched.
    assertEquals("SCHED_OTHER 0", RealtimePriority.currentThreadScheduling());
  }

  @Test
  void shouldLeaveThreadsAloneWhenOff() throws Exception {
    RealtimePriority off = new RealtimePriority(0);
    assertEquals("SCHED_OTHER 0", scheduledAfter(off));
    assertEquals(0, off.grantedThreads());
    assertNull(off.refusal());
  }

  @Test
  void shouldRejectAPriorityLinuxDoesNotHave() {
    assertThrows(IllegalArgumentException.class, () -> new RealtimePriority(100));
    assertThrows(IllegalArgumentException.class, () -> new RealtimePriority(-1));
  }
}
