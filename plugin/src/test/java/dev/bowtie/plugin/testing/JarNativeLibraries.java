package dev.bowtie.plugin.testing;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The ONNX Runtime native libraries inside bowtie.jar for the platform the tests run on. */
public final class JarNativeLibraries {
  private JarNativeLibraries() {}

  /** File name to content of every library in {@code ai/onnxruntime/native/<os-arch>/}. */
  public static Map<String, byte[]> forThisPlatform() throws IOException {
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    String folder =
        "ai/onnxruntime/native/linux-" + (arch.equals("amd64") ? "x64" : "aarch64") + "/";
    Map<String, byte[]> libraries = new TreeMap<>();
    try (ZipFile jar = new ZipFile(BowtieProcess.jar().toFile())) {
      for (ZipEntry e : jar.stream().toList()) {
        String name = e.getName();
        if (!e.isDirectory() && name.startsWith(folder) && name.indexOf('/', folder.length()) < 0) {
          try (InputStream in = jar.getInputStream(e)) {
            libraries.put(name.substring(folder.length()), in.readAllBytes());
          }
        }
      }
    }
    return libraries;
  }
}
