package dev.bowtie.realtime.model;

import ai.onnxruntime.OrtEnvironment;
import dev.bowtie.realtime.audio.AudioFileException;
import dev.bowtie.realtime.audio.OutputFile;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * ONNX Runtime's native libraries for this platform, copied once out of the jar that holds ONNX
 * Runtime into a folder of their own, where its loader finds them through {@code
 * onnxruntime.native.path} instead of unpacking them into the temporary folder on every start.
 *
 * <p>Every native file of the platform's resource folder ({@code ai/onnxruntime/native/<os-arch>/},
 * so a GPU build's provider libraries too) is checked against the size and CRC-32 the jar records
 * for it; a missing, truncated or otherwise different file is written again. Each file is written
 * to a temporary file in the folder and renamed over the old one, so another process never sees a
 * half-written library, and two processes installing at once both end with complete files.
 *
 * <p>Stateless and thread-safe.
 */
final class OnnxNativeLibraries {
  private static final String RESOURCE_ROOT = "ai/onnxruntime/native/";
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");

  private OnnxNativeLibraries() {}

  /**
   * The name of the cache folder for the ONNX Runtime build in this jar, such as {@code
   * onnxruntime-1.29.0} ({@code onnxruntime_gpu-1.29.0} for a GPU build).
   *
   * @throws IOException when the build's description of ONNX Runtime cannot be read
   */
  static String folderName() throws IOException {
    Properties build = new Properties();
    try (InputStream in = OnnxNativeLibraries.class.getResourceAsStream("onnxruntime.properties")) {
      if (in == null) {
        throw new IOException("onnxruntime.properties is missing from this build");
      }
      build.load(in);
    }
    return build.getProperty("artifact") + "-" + build.getProperty("version");
  }

  /**
   * Makes {@code folder} hold this platform's libraries, intact: creates it (owner-only on POSIX
   * systems) and writes every library that is missing or differs from the jar's copy.
   *
   * @throws IOException when the folder cannot be created or written, or ONNX Runtime is not in a
   *     jar that holds libraries for this platform; the caller then lets ONNX Runtime load them its
   *     own way
   */
  static void install(Path folder) throws IOException {
    Path jar = runtimeJar();
    String platformFolder = RESOURCE_ROOT + platform() + "/";
    createPrivateFolder(folder);
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      List<? extends ZipEntry> libraries =
          zip.stream().filter(e -> isDirectChild(e, platformFolder)).toList();
      if (libraries.isEmpty()) {
        throw new IOException(jar + " has no native libraries in " + platformFolder);
      }
      for (ZipEntry entry : libraries) {
        Path target = folder.resolve(entry.getName().substring(platformFolder.length()));
        if (!intact(target, entry)) {
          write(zip, entry, target);
        }
      }
    }
  }

  /** True when {@code file} is a regular file with the entry's size and CRC-32. */
  static boolean intact(Path file, ZipEntry entry) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
        || Files.size(file) != entry.getSize()) {
      return false;
    }
    CRC32 crc = new CRC32();
    ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      while (channel.read(buffer) >= 0) {
        buffer.flip();
        crc.update(buffer);
        buffer.clear();
      }
    }
    return crc.getValue() == entry.getCrc();
  }

  // Files right in the platform folder; sub-folders hold debug symbols (macOS .dSYM), not
  // libraries.
  private static boolean isDirectChild(ZipEntry entry, String folder) {
    String name = entry.getName();
    return !entry.isDirectory()
        && name.startsWith(folder)
        && name.indexOf('/', folder.length()) < 0;
  }

  private static void write(ZipFile zip, ZipEntry entry, Path target) throws IOException {
    try {
      OutputFile.write(
          target,
          out -> {
            try (CheckedInputStream in =
                new CheckedInputStream(zip.getInputStream(entry), new CRC32())) {
              long length = in.transferTo(out);
              if (length != entry.getSize() || in.getChecksum().getValue() != entry.getCrc()) {
                throw new IOException(entry.getName() + " is damaged in the jar");
              }
            }
          });
    } catch (AudioFileException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static void createPrivateFolder(Path folder) throws IOException {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attributes =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
            : new FileAttribute<?>[0];
    Files.createDirectories(folder, attributes);
    if (posix) {
      // A folder made earlier, by hand or by an older Bowtie, may be open to others, who could then
      // swap a library for their own code.
      Files.setPosixFilePermissions(folder, OWNER_ONLY);
    }
  }

  private static Path runtimeJar() throws IOException {
    CodeSource source = OrtEnvironment.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      throw new IOException("the location of ONNX Runtime's classes is unknown");
    }
    try {
      Path location = Path.of(source.getLocation().toURI());
      if (!Files.isRegularFile(location)) {
        throw new IOException("ONNX Runtime's classes are not in a jar: " + location);
      }
      return location;
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new IOException("ONNX Runtime's classes are at " + source.getLocation(), e);
    }
  }

  // The <os-arch> resource folder ONNX Runtime's loader reads, for the platforms its jars carry.
  private static String platform() throws IOException {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String osPart;
    if (os.contains("mac") || os.contains("darwin")) {
      osPart = "osx";
    } else if (os.contains("win")) {
      osPart = "win";
    } else if (os.contains("nux")) {
      osPart = "linux";
    } else {
      throw new IOException("no ONNX Runtime libraries for " + os);
    }
    String archPart;
    if (arch.startsWith("amd64") || arch.startsWith("x86_64")) {
      archPart = "x64";
    } else if (arch.startsWith("aarch64")) {
      archPart = "aarch64";
    } else {
      throw new IOException("no ONNX Runtime libraries for " + arch);
    }
    return osPart + "-" + archPart;
  }
}
