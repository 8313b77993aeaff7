package dev.bowtie.plugin.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A temporary folder ({@code java.io.tmpdir}) and a cache folder ({@code XDG_CACHE_HOME}) of a
 * bowtie.jar run's own, so a test sees exactly the files that run leaves, and none of other
 * processes.
 *
 * @param temp the run's temporary folder
 * @param cache the run's cache home
 */
public record PrivateFolders(Path temp, Path cache) {

  /** Creates {@code tmp} and {@code cache} in {@code dir}. */
  public static PrivateFolders in(Path dir) throws IOException {
    return new PrivateFolders(
        Files.createDirectories(dir.resolve("tmp")), Files.createDirectories(dir.resolve("cache")));
  }

  /** The JVM options that point the run at the temporary folder. */
  public List<String> jvmOptions() {
    return List.of("-Djava.io.tmpdir=" + temp);
  }

  /** {@code more} plus {@code XDG_CACHE_HOME} pointing at the cache folder. */
  public Map<String, String> env(Map<String, String> more) {
    Map<String, String> env = new HashMap<>(more);
    env.put("XDG_CACHE_HOME", cache.toString());
    return env;
  }

  /** Everything in the temporary folder, sub-folders and their files included. */
  public List<Path> leftInTemp() throws IOException {
    try (Stream<Path> files = Files.walk(temp)) {
      return files.filter(p -> !p.equals(temp)).toList();
    }
  }

  /** Where Bowtie caches ONNX Runtime's native libraries: {@code bowtie/onnxruntime-<version>}. */
  public Path onnxLibraries() throws IOException {
    Properties build = new Properties();
    try (InputStream in =
        PrivateFolders.class.getResourceAsStream(
            "/dev/bowtie/realtime/model/onnxruntime.properties")) {
      build.load(in);
    }
    return cache
        .resolve("bowtie")
        .resolve(build.getProperty("artifact") + "-" + build.getProperty("version"));
  }
}
