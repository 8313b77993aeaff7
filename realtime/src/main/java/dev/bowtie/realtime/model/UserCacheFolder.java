package dev.bowtie.realtime.model;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Bowtie's per-user cache folder, for files it can rebuild at any time: {@code
 * $XDG_CACHE_HOME/bowtie} (else {@code ~/.cache/bowtie}) on Linux and other Unix systems, {@code
 * ~/Library/Caches/bowtie} on macOS, {@code %LOCALAPPDATA%\bowtie} (else {@code
 * ~\AppData\Local\bowtie}) on Windows. Only names the folder; creating it is up to the caller.
 *
 * <p>Stateless and thread-safe.
 */
final class UserCacheFolder {
  private UserCacheFolder() {}

  /** The folder for this process's user and operating system. */
  static Path current() {
    return of(System.getProperty("os.name", ""), System.getenv(), System.getProperty("user.home"));
  }

  /**
   * The folder for a given system.
   *
   * @param osName the {@code os.name} system property
   * @param env the environment variables
   * @param userHome the {@code user.home} system property
   */
  static Path of(String osName, Map<String, String> env, String userHome) {
    String os = osName.toLowerCase(Locale.ROOT);
    Path home = Path.of(userHome);
    if (os.contains("win")) {
      Path local = absoluteOrNull(env.get("LOCALAPPDATA"));
      return (local != null ? local : home.resolve("AppData").resolve("Local")).resolve("bowtie");
    }
    if (os.contains("mac") || os.contains("darwin")) {
      return home.resolve("Library").resolve("Caches").resolve("bowtie");
    }
    // The XDG base directory specification says a relative path is invalid and to be ignored.
    Path xdg = absoluteOrNull(env.get("XDG_CACHE_HOME"));
    return (xdg != null ? xdg : home.resolve(".cache")).resolve("bowtie");
  }

  private static Path absoluteOrNull(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    Path path = Path.of(value);
    return path.isAbsolute() ? path : null;
  }
}
