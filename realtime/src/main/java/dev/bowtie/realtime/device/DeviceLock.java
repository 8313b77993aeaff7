package dev.bowtie.realtime.device;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * A per-user lock on a capture and playback device pair, so that two live loops never feed the same
 * devices: a file {@code live-<hash>.lock} (mode 0600) in {@code $XDG_RUNTIME_DIR/bowtie}, or
 * {@code <java.io.tmpdir>/bowtie-<uid>} (mode 0700) without one, locked with an operating-system
 * file lock and holding the holder's PID. The key is the pair of Java Sound device names plus the
 * sound-server environment ({@code PULSE_SERVER}, {@code PULSE_SOURCE}, {@code PULSE_SINK}) that
 * picks the physical devices behind them, so loops on different devices may run side by side. The
 * operating system drops the lock when its process ends, however it ends: a crash leaves nothing
 * stale.
 *
 * <p>Thread rules: acquire and close on one control thread, at start and at exit.
 */
public final class DeviceLock implements AutoCloseable {
  private static final String[] SERVER_VARIABLES = {"PULSE_SERVER", "PULSE_SOURCE", "PULSE_SINK"};

  private final FileChannel channel;
  private final FileLock lock;

  private DeviceLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of a device pair for this process.
   *
   * @param input the capture device's name
   * @param output the playback device's name
   * @return the held lock; close it (or end the process) to release it
   * @throws DeviceInUseException when another process holds it, naming that process
   * @throws IOException when the lock folder or file cannot be made or used, naming it
   */
  public static DeviceLock acquire(String input, String output)
      throws DeviceInUseException, IOException {
    Path file =
        RuntimeFolder.forUser(System.getenv())
            .resolve("live-" + hash(key(input, output)) + ".lock");
    FileChannel channel;
    try {
      channel =
          FileChannel.open(
              file,
              Set.of(
                  StandardOpenOption.CREATE,
                  StandardOpenOption.READ,
                  StandardOpenOption.WRITE,
                  LinkOption.NOFOLLOW_LINKS),
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (IOException e) {
      throw new IOException(file + ": cannot open the device lock (" + e.getMessage() + ")", e);
    }
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        String holder = holderOf(channel);
        channel.close();
        throw new DeviceInUseException(
            "another Bowtie live loop"
                + (holder.isEmpty() ? "" : " (PID " + holder + ")")
                + " is already using capture '"
                + input
                + "' and playback '"
                + output
                + "'; stop it first, or use other devices");
      }
      byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(pid), 0);
      channel.force(false);
      return new DeviceLock(channel, lock);
    } catch (IOException e) {
      channel.close();
      throw new IOException(file + ": cannot lock (" + e.getMessage() + ")", e);
    }
  }

  /** Releases the lock. */
  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // The lock ends with the process anyway, which is about to exit.
    }
  }

  private static String key(String input, String output) {
    StringBuilder key = new StringBuilder(input).append('\n').append(output);
    for (String variable : SERVER_VARIABLES) {
      String value = System.getenv(variable);
      key.append('\n').append(variable).append('=').append(value == null ? "" : value);
    }
    return key.toString();
  }

  private static String hash(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  /** The PID the holder wrote, or empty if it has not written it yet. */
  private static String holderOf(FileChannel channel) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(32);
    channel.read(bytes, 0);
    return new String(bytes.array(), 0, bytes.position(), StandardCharsets.US_ASCII).strip();
  }
}
