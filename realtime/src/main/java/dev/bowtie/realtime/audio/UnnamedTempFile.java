package dev.bowtie.realtime.audio;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file that has no name until it is complete: Linux's {@code O_TMPFILE} makes it in a directory
 * without a directory entry, and {@code linkat} names it at the end. Until then the file exists
 * only through the open descriptor, so when the process dies in any way, {@code kill -9} included,
 * the kernel frees it and nothing is left in the directory.
 *
 * <p>{@link #create} returns null where this is not available (another OS or CPU, a file system
 * without {@code O_TMPFILE} such as NFS); the caller then uses a named temporary file.
 *
 * <p>Not thread-safe: one writer uses it and closes it.
 */
final class UnnamedTempFile implements AutoCloseable {
  private static final int O_WRONLY = 01;
  private static final int AT_FDCWD = -100;
  private static final int AT_SYMLINK_FOLLOW = 0x400;
  private static final int EPERM = 1;
  private static final int ENOENT = 2;
  private static final int EACCES = 13;
  private static final int EEXIST = 17;
  private static final int EISDIR = 21;
  private static final int EINVAL = 22;
  private static final int EROFS = 30;
  private static final int EOPNOTSUPP = 95;

  /** libc's calls, as JNA binds them. */
  private interface LibC extends Library {
    int open(String path, int flags, int mode) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int linkat(int oldDirFd, String oldPath, int newDirFd, String newPath, int flags)
        throws LastErrorException;
  }

  /** Loaded on first use, so a run that writes no file never touches native code. */
  private static final class Holder {
    static final LibC LIBC = Native.load(Platform.C_LIBRARY_NAME, LibC.class);
  }

  private final int descriptor;
  private final FileChannel channel;

  private UnnamedTempFile(int descriptor, FileChannel channel) {
    this.descriptor = descriptor;
    this.channel = channel;
  }

  /**
   * Makes an unnamed file in {@code directory}, with mode 0666 less the umask.
   *
   * @param directory an existing directory
   * @return the file, or null where unnamed files are not available there
   * @throws IOException if the directory refuses new files (permissions, read-only, full)
   */
  static UnnamedTempFile create(Path directory) throws IOException {
    int flags = tmpFileFlag();
    if (flags == 0) {
      return null;
    }
    int fd;
    try {
      fd = Holder.LIBC.open(directory.toString(), flags | O_WRONLY, 0666);
    } catch (LastErrorException e) {
      int errno = e.getErrorCode();
      if (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL) {
        return null;
      }
      throw failure(directory, e);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      return null;
    }
    try {
      Path self = Path.of("/proc/self/fd/" + fd);
      return new UnnamedTempFile(fd, FileChannel.open(self, StandardOpenOption.WRITE));
    } catch (IOException e) {
      Holder.LIBC.close(fd);
      return null;
    }
  }

  /** Where the content is written. */
  FileChannel channel() {
    return channel;
  }

  /**
   * Gives the file a name; it stays open. Call once, after the content is complete.
   *
   * @param name the new name, which must not exist
   * @throws FileAlreadyExistsException if it exists
   * @throws IOException if linking fails
   */
  void linkAs(Path name) throws IOException {
    try {
      Holder.LIBC.linkat(
          AT_FDCWD, "/proc/self/fd/" + descriptor, AT_FDCWD, name.toString(), AT_SYMLINK_FOLLOW);
    } catch (LastErrorException e) {
      if (e.getErrorCode() == EEXIST) {
        throw new FileAlreadyExistsException(name.toString());
      }
      throw failure(name, e);
    }
  }

  /** Closes the file; if it was never named, the kernel frees it. Idempotent for the channel. */
  @Override
  public void close() throws IOException {
    try {
      channel.close();
    } finally {
      try {
        Holder.LIBC.close(descriptor);
      } catch (LastErrorException e) {
        // Closing a descriptor fails only if it is already closed; nothing is lost.
      }
    }
  }

  /** {@code O_TMPFILE} (which includes {@code O_DIRECTORY}) for this CPU, or 0 if unknown. */
  private static int tmpFileFlag() {
    if (!Platform.isLinux()) {
      return 0;
    }
    if (Platform.isIntel()) {
      return 020200000;
    }
    if (Platform.isARM() && Platform.is64Bit()) {
      return 020040000;
    }
    return 0;
  }

  private static IOException failure(Path file, LastErrorException e) {
    int errno = e.getErrorCode();
    if (errno == EACCES || errno == EPERM) {
      return new AccessDeniedException(file.toString());
    }
    if (errno == ENOENT) {
      return new NoSuchFileException(file.toString());
    }
    String reason = errno == EROFS ? "read-only file system" : strerror(e);
    return new FileSystemException(file.toString(), null, reason);
  }

  /** JNA's message is "[errno] text"; the text alone, lower-cased as in a sentence. */
  private static String strerror(LastErrorException e) {
    String message = String.valueOf(e.getMessage());
    String text = message.replaceFirst("^\\[\\d+\\]\\s*", "");
    return text.isEmpty() ? "error " + e.getErrorCode() : text.toLowerCase(java.util.Locale.ROOT);
  }
}
