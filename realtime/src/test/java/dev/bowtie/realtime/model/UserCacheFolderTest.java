package dev.bowtie.realtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the per-user cache is on each system. */
class UserCacheFolderTest {
  @Test
  void shouldUseXdgCacheHomeOnLinux() {
    assertEquals(
        Path.of("/var/cache/u/bowtie"),
        UserCacheFolder.of("Linux", Map.of("XDG_CACHE_HOME", "/var/cache/u"), "/home/u"));
  }

  @Test
  void shouldFallBackToDotCacheWhenXdgCacheHomeIsUnsetEmptyOrRelative() {
    Path expected = Path.of("/home/u/.cache/bowtie");
    assertEquals(expected, UserCacheFolder.of("Linux", Map.of(), "/home/u"));
    assertEquals(expected, UserCacheFolder.of("Linux", Map.of("XDG_CACHE_HOME", ""), "/home/u"));
    assertEquals(
        expected, UserCacheFolder.of("Linux", Map.of("XDG_CACHE_HOME", "cache"), "/home/u"));
  }

  @Test
  void shouldUseLibraryCachesOnMacOs() {
    assertEquals(
        Path.of("/Users/u/Library/Caches/bowtie"),
        UserCacheFolder.of("Mac OS X", Map.of("XDG_CACHE_HOME", "/tmp/x"), "/Users/u"));
  }
}
