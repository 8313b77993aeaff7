package dev.bowtie.plugin.jack;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackProcessCallback;

/**
 * A process callback that a client can be closed under without crashing the JVM. libjack (jackd2)
 * stops a client's process thread with {@code pthread_cancel} on deactivate and close; when that
 * thread is inside Java at the moment (JNA keeps it attached to the JVM), the JVM's own state is
 * unwound and it aborts ("double free or corruption") or hangs at exit ("JNA: could not detach
 * native thread"). So {@link #endAndClose} asks the callback to end the thread from inside: the
 * last period writes silence and returns false, jnajack detaches the thread and libjack deactivates
 * the client and lets the thread exit. Only once that thread has left the process (Linux's {@code
 * /proc/self/task}) is the client closed: the thread's own deactivate request and {@code
 * jack_client_close} share the client's request channel, and together they deadlocked.
 *
 * <p>Thread rules: {@link #process} on JACK's process thread; {@link #activate} and {@link
 * #endAndClose} from one control thread, never from a JACK callback.
 */
final class EndableProcess implements JackProcessCallback {
  /** How long a running server takes at most to call the process callback once more. */
  private static final long END_TIMEOUT_MILLIS = 2000;

  private static final long POLL_MILLIS = 5;

  /** libc's {@code gettid}: the kernel's id of the process thread, to see when it has exited. */
  interface LibC extends Library {
    int gettid();
  }

  private static final LibC LIBC = Native.load("c", LibC.class);

  private final JackProcessCallback delegate;
  private final JackPort[] outputs;
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile boolean ending;
  private volatile Path processThreadTask;
  private boolean activated;

  /**
   * @param delegate the callback to run until the end
   * @param outputs the client's output ports, silenced in the last period
   */
  EndableProcess(JackProcessCallback delegate, JackPort... outputs) {
    this.delegate = delegate;
    this.outputs = outputs.clone();
  }

  @Override
  public boolean process(JackClient client, int frames) {
    if (processThreadTask == null) {
      processThreadTask = Path.of("/proc/self/task", Integer.toString(LIBC.gettid()));
    }
    if (!ending) {
      return delegate.process(client, frames);
    }
    for (JackPort out : outputs) {
      for (int i = 0; i < frames; i++) {
        out.getFloatBuffer().put(i, 0f);
      }
    }
    ended.countDown();
    return false;
  }

  /** Sets this as the client's process callback and activates the client. */
  void activate(JackClient client) throws JackException {
    client.setProcessCallback(this);
    activated = true;
    client.activate();
  }

  /**
   * Ends the process thread as described above and closes the client. A server that no longer calls
   * the client (it shut down) costs a two-second wait; its process thread is then inside libjack,
   * where cancelling it is safe.
   */
  void endAndClose(JackClient client) {
    if (activated) {
      ending = true;
      try {
        if (ended.await(END_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
          awaitExit(processThreadTask);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    client.close();
  }

  private static void awaitExit(Path task) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(END_TIMEOUT_MILLIS);
    while (Files.exists(task) && System.nanoTime() < deadline) {
      Thread.sleep(POLL_MILLIS);
    }
  }
}
