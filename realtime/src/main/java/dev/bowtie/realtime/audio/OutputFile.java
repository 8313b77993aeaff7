package dev.bowtie.realtime.audio;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An output written the way a careful Unix tool writes it, chosen by what the path is:
 *
 * <ul>
 *   <li>A regular file, new or existing, is written all at once or not at all: the bytes go to a
 *       temporary file in the same directory, are flushed to disk, and the temporary file is then
 *       renamed over the target in one atomic step, taking an existing target's permissions. The
 *       temporary file has no name while it is written (Linux {@code O_TMPFILE}, see {@link
 *       UnnamedTempFile}), so even {@code kill -9} leaves nothing; where that is not available it
 *       is a hidden {@code .NAME.HEX.part} file that a shutdown hook deletes on Ctrl-C or {@code
 *       SIGTERM}.
 *   <li>A symbolic link is followed to its final target, which is written as above; the link stays
 *       a link.
 *   <li>A device or named pipe ({@code /dev/null}, a {@code mkfifo}) is written straight, as a
 *       stream; it is never replaced, and nothing can be patched afterwards ({@link #seekable()} is
 *       false).
 * </ul>
 *
 * <p>An output that is one of the inputs (the same file by any path, link or hard link) is refused
 * before anything is written, and so is an existing file when the caller asked to keep existing
 * files. Until {@link #commit()} the target is untouched; {@link #close()} without a commit
 * abandons the work and leaves nothing behind (a device or pipe has then received part of the
 * bytes, which cannot be taken back).
 *
 * <p>Not thread-safe: one thread opens, writes, commits and closes an output.
 */
public final class OutputFile implements AutoCloseable {

  /** What to do when the target is an existing regular file. */
  public enum Existing {
    /** Replace it atomically, keeping its permissions. */
    REPLACE,
    /** Refuse: the target was not named by the user, so an existing file must survive. */
    KEEP
  }

  /** Produces the content of a small file written in one go. */
  @FunctionalInterface
  public interface Content {
    /**
     * Writes the whole content; the stream is buffered and closed by the caller.
     *
     * @param out where the bytes go
     * @throws IOException if writing fails; the output is then abandoned
     */
    void writeTo(OutputStream out) throws IOException;
  }

  private final Path target;
  private final Path destination;
  private final Existing existing;
  private final FileChannel channel;
  private final OutputStream out;
  private final UnnamedTempFile unnamed;
  private final Path named;
  private final Thread cleanup;
  private final Set<PosixFilePermission> permissions;
  private boolean committed;
  private boolean closed;

  private OutputFile(
      Path target,
      Path destination,
      Existing existing,
      FileChannel channel,
      UnnamedTempFile unnamed,
      Path named,
      Set<PosixFilePermission> permissions) {
    this.target = target;
    this.destination = destination;
    this.existing = existing;
    this.channel = channel;
    this.unnamed = unnamed;
    this.named = named;
    this.permissions = permissions;
    this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    if (named != null) {
      cleanup = new Thread(() -> deleteQuietly(named), "bowtie-output-cleanup");
      Runtime.getRuntime().addShutdownHook(cleanup);
    } else {
      cleanup = null;
    }
  }

  /**
   * Opens an output.
   *
   * @param target where the output goes, as the user named it
   * @param existing whether an existing regular file may be replaced
   * @param inputs files being read in the same run, which must not be overwritten
   * @return the open output
   * @throws AudioFileException if the target is a directory, is one of the inputs, exists when it
   *     must not, or its directory is missing or not writable; nothing is created then
   */
  public static OutputFile open(Path target, Existing existing, Path... inputs)
      throws AudioFileException {
    Path destination = followLinks(target);
    if (Files.isDirectory(destination)) {
      throw new AudioFileException(target, "is a directory; give a file name for the output");
    }
    boolean exists = Files.exists(destination, LinkOption.NOFOLLOW_LINKS);
    if (exists && !Files.isRegularFile(destination, LinkOption.NOFOLLOW_LINKS)) {
      return openStream(target, destination);
    }
    for (Path input : inputs) {
      if (exists && sameFile(destination, input)) {
        throw new AudioFileException(
            target,
            "is the input file itself; give another output name so the recording is not"
                + " overwritten");
      }
    }
    if (exists && existing == Existing.KEEP) {
      throw alreadyExists(target);
    }
    Path directory = destination.getParent();
    if (directory == null || !Files.isDirectory(directory)) {
      throw new AudioFileException(
          target,
          "cannot be written: directory "
              + (directory == null ? target.toAbsolutePath().getParent() : directory)
              + " does not exist; create it or choose another output path");
    }
    try {
      Set<PosixFilePermission> permissions =
          exists ? Files.getPosixFilePermissions(destination) : null;
      UnnamedTempFile unnamed = UnnamedTempFile.create(directory);
      if (unnamed != null) {
        return new OutputFile(
            target, destination, existing, unnamed.channel(), unnamed, null, permissions);
      }
      Path named = directory.resolve(temporaryName(destination));
      FileChannel channel =
          FileChannel.open(named, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      return new OutputFile(target, destination, existing, channel, null, named, permissions);
    } catch (IOException e) {
      throw failure(target, directory, e);
    }
  }

  /**
   * Writes a small file in one go, replacing an existing one.
   *
   * @param target the file to create or replace
   * @param content writes the bytes
   * @throws AudioFileException if the output cannot be opened or written; nothing is left behind
   */
  public static void write(Path target, Content content) throws AudioFileException {
    try (OutputFile output = open(target, Existing.REPLACE)) {
      try {
        content.writeTo(output.out);
      } catch (IOException e) {
        throw output.failure(e);
      }
      output.commit();
    }
  }

  /** The output as the caller named it. */
  public Path target() {
    return target;
  }

  /**
   * True when bytes already written can be overwritten with {@link #writeAt} (a regular file);
   * false for a device or pipe.
   */
  public boolean seekable() {
    return unnamed != null || named != null;
  }

  /**
   * Appends bytes.
   *
   * @throws AudioFileException if writing fails (disk full, I/O error, the reader of a pipe left)
   */
  public void write(byte[] bytes, int offset, int length) throws AudioFileException {
    try {
      out.write(bytes, offset, length);
    } catch (IOException e) {
      throw failure(e);
    }
  }

  /**
   * Overwrites bytes already written, such as a header whose sizes are known only at the end.
   *
   * @param position byte offset from the start of the output
   * @param bytes the new bytes, from their position to their limit
   * @throws IllegalStateException if the output is not {@link #seekable()}
   * @throws AudioFileException if writing fails
   */
  public void writeAt(long position, ByteBuffer bytes) throws AudioFileException {
    if (!seekable()) {
      throw new IllegalStateException("a device or pipe cannot be written out of order");
    }
    try {
      out.flush();
      long at = position;
      while (bytes.hasRemaining()) {
        at += channel.write(bytes, at);
      }
    } catch (IOException e) {
      throw failure(e);
    }
  }

  /**
   * Finishes the output: flushes it and, for a file, puts it in place of the target atomically.
   *
   * @throws AudioFileException if the bytes cannot be flushed or the file cannot be put in place;
   *     the target is then as it was
   */
  public void commit() throws AudioFileException {
    if (committed || closed) {
      throw new IllegalStateException("the output is already committed or closed");
    }
    try {
      out.flush();
      if (!seekable()) {
        committed = true;
        return;
      }
      channel.force(true);
      if (unnamed != null && existing == Existing.KEEP) {
        unnamed.linkAs(destination);
        committed = true;
        return;
      }
      Path temporary = named;
      Thread linkCleanup = null;
      if (unnamed != null) {
        temporary = destination.resolveSibling(temporaryName(destination));
        Path linked = temporary;
        linkCleanup = new Thread(() -> deleteQuietly(linked), "bowtie-output-cleanup");
        Runtime.getRuntime().addShutdownHook(linkCleanup);
        unnamed.linkAs(temporary);
      }
      try {
        if (permissions != null) {
          Files.setPosixFilePermissions(temporary, permissions);
        }
        if (existing == Existing.KEEP) {
          Files.createLink(destination, temporary);
          Files.delete(temporary);
        } else {
          Files.move(temporary, destination, StandardCopyOption.ATOMIC_MOVE);
        }
        committed = true;
      } finally {
        if (!committed) {
          deleteQuietly(temporary);
        }
        removeHook(linkCleanup);
      }
    } catch (FileAlreadyExistsException e) {
      throw alreadyExists(target);
    } catch (IOException e) {
      throw failure(e);
    }
  }

  /** Abandons the output unless committed: a temporary file is removed. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (unnamed != null) {
        unnamed.close();
      } else {
        channel.close();
      }
    } catch (IOException e) {
      // Closing after a commit or a failure loses nothing the user needs: the commit already
      // forced the bytes to disk, and a failed output is being abandoned anyway.
    }
    if (named != null && !committed) {
      deleteQuietly(named);
    }
    removeHook(cleanup);
  }

  /** The failure of a write or commit, as one line naming the target. */
  private AudioFileException failure(IOException e) {
    if (!seekable()) {
      return new AudioFileException(
          target, "cannot be written (" + AudioFileException.reason(e) + ")", e);
    }
    return failure(target, destination.getParent(), e);
  }

  private static AudioFileException failure(Path target, Path directory, IOException e) {
    if (e instanceof AccessDeniedException) {
      return new AudioFileException(
          target,
          "cannot be written: directory "
              + directory
              + " is not writable; choose another output path",
          e);
    }
    if (e instanceof FileSystemException && !isDiskFull(e)) {
      return new AudioFileException(
          target,
          "cannot be written (" + AudioFileException.reason(e) + "); choose another output path",
          e);
    }
    return new AudioFileException(
        target,
        "cannot be written ("
            + AudioFileException.reason(e)
            + "); check free disk space and try again",
        e);
  }

  private static boolean isDiskFull(IOException e) {
    String reason = AudioFileException.reason(e).toLowerCase(Locale.ROOT);
    return reason.contains("no space") || reason.contains("quota");
  }

  private static AudioFileException alreadyExists(Path target) {
    return new AudioFileException(
        target, "already exists and is kept; give an output name to write a new file");
  }

  private static OutputFile openStream(Path target, Path destination) throws AudioFileException {
    try {
      FileChannel channel = FileChannel.open(destination, StandardOpenOption.WRITE);
      return new OutputFile(target, destination, Existing.REPLACE, channel, null, null, null);
    } catch (AccessDeniedException e) {
      throw new AudioFileException(
          target, "cannot be written: permission denied; choose another output path", e);
    } catch (IOException e) {
      throw new AudioFileException(
          target,
          "cannot be written (" + AudioFileException.reason(e) + "); choose another output path",
          e);
    }
  }

  /**
   * The file a path finally names: symbolic links followed (a dangling link names the file it would
   * create), so that writing replaces the link's target rather than the link.
   */
  private static Path followLinks(Path target) throws AudioFileException {
    Path path = target.toAbsolutePath();
    try {
      for (int hops = 0; Files.isSymbolicLink(path); hops++) {
        if (hops == 40) {
          throw new AudioFileException(
              target, "is a loop of symbolic links; give the path of a file");
        }
        path = path.resolveSibling(Files.readSymbolicLink(path)).normalize();
      }
    } catch (IOException e) {
      throw new AudioFileException(
          target, "cannot be followed (" + AudioFileException.reason(e) + ")", e);
    }
    return path;
  }

  private static boolean sameFile(Path output, Path input) {
    try {
      return Files.exists(input) && Files.isSameFile(output, input);
    } catch (IOException e) {
      return false;
    }
  }

  private static String temporaryName(Path target) {
    return "."
        + target.getFileName()
        + "."
        + Long.toHexString(ThreadLocalRandom.current().nextLong())
        + ".part";
  }

  private static void removeHook(Thread hook) {
    if (hook == null) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down and runs the hook itself.
    }
  }

  private static void deleteQuietly(Path temporary) {
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException e) {
      // The write already failed and that failure is what the user must see; a leftover hidden
      // .part file is the lesser problem and is named by its prefix.
    }
  }
}
