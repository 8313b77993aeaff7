package dev.bowtie.realtime.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The garbage collector's pauses while it listens, from the collectors' notifications. Concurrent
 * cycles, which do not stop the audio thread, are left out.
 *
 * <p>Thread rules: notifications arrive on a JMX thread; {@link #pauses()} may be read from any
 * thread. Close it to stop listening.
 */
final class GcPauses implements NotificationListener, AutoCloseable {
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final List<GcPause> pauses = new ArrayList<>();
  private final long originUptimeMillis;

  /** Starts listening; pause times count from now (to the millisecond). */
  GcPauses() {
    originUptimeMillis = ManagementFactory.getRuntimeMXBean().getUptime();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(this, null, null);
        emitters.add(emitter);
      }
    }
  }

  @Override
  public void handleNotification(Notification notification, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
        notification.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    if (info.getGcName().contains("Concurrent") || info.getGcName().contains("Cycles")) {
      return;
    }
    double at = (info.getGcInfo().getStartTime() - originUptimeMillis) / 1000.0;
    synchronized (pauses) {
      pauses.add(new GcPause(at, info.getGcInfo().getDuration(), info.getGcName()));
    }
  }

  /** The pauses so far, oldest first. */
  List<GcPause> pauses() {
    synchronized (pauses) {
      return List.copyOf(pauses);
    }
  }

  @Override
  public void close() {
    for (NotificationEmitter e : emitters) {
      try {
        e.removeNotificationListener(this);
      } catch (ListenerNotFoundException ignored) {
        // Already gone: nothing to stop.
      }
    }
  }
}
