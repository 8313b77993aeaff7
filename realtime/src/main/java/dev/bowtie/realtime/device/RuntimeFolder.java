package dev.bowtie.realtime.device;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * The per-user folder where a running Bowtie keeps what other processes of the same user may find:
 * its device locks and its control socket. {@code $XDG_RUNTIME_DIR/bowtie} where the session has
 * one (a private, per-user tmpfs on systemd machines), else {@code bowtie-<uid>} in the temporary
 * folder.
 *
 * <p>The folder is mode 0700 and must belong to this user: one that another user owns (planted in a
 * shared /tmp, say) is refused, so nothing in it can come from another user.
 */
public final class RuntimeFolder {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");

  private RuntimeFolder() {}

  /**
   * The folder for this user, created if missing.
   *
   * @param environment the process environment ({@code System.getenv()})
   * @return the folder, mode 0700, owned by this user
   * @throws IOException naming the folder, when it cannot be made or belongs to someone else
   */
  public static Path forUser(Map<String, String> environment) throws IOException {
    String runtime = environment.get("XDG_RUNTIME_DIR");
    Path folder =
        runtime != null && !runtime.isBlank()
            ? Path.of(runtime, "bowtie")
            : Path.of(System.getProperty("java.io.tmpdir"), "bowtie-" + currentUid());
    int owner;
    try {
      if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(folder.getParent());
        try {
          Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException raced) {
          // Another Bowtie made it at the same moment: checked below like any existing folder.
        }
      }
      if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException(folder + " is not a folder; remove it or set XDG_RUNTIME_DIR");
      }
      owner = (Integer) Files.getAttribute(folder, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | UnsupportedOperationException e) {
      throw new IOException(
          folder + " cannot be used as Bowtie's runtime folder (" + e.getMessage() + ")", e);
    }
    // A folder in a shared temporary directory could have been planted by another user.
    if (owner != currentUid()) {
      throw new IOException(
          folder
              + " belongs to another user (uid "
              + owner
              + "); remove it or set XDG_RUNTIME_DIR");
    }
    Files.setPosixFilePermissions(folder, OWNER_ONLY);
    return folder;
  }

  /**
   * @return this process's user id, as the kernel sees it
   */
  public static int currentUid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | UnsupportedOperationException e) {
      throw new IllegalStateException("the user id of this process is not readable", e);
    }
  }
}
