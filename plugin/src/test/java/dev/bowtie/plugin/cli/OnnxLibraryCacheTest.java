package dev.bowtie.plugin.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bowtie.plugin.testing.BowtieProcess;
import dev.bowtie.plugin.testing.JarNativeLibraries;
import dev.bowtie.plugin.testing.PrivateFolders;
import dev.bowtie.realtime.audio.WavReader;
import dev.bowtie.realtime.testing.TestSpeech;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real bowtie.jar with a neural voice loads ONNX Runtime's native libraries from the per-user
 * cache: unpacked there once, reused, repaired when damaged, and never left in the temporary
 * folder. Each run has a temporary folder and a cache of its own ({@link PrivateFolders}).
 */
@Tag("jar")
class OnnxLibraryCacheTest {
  @TempDir Path dir;

  @BeforeAll
  static void needsJar() {
    assumeTrue(BowtieProcess.jarBuilt(), "bowtie.jar is not built: run mvn package first");
  }

  @Test
  void shouldUnpackTheLibrariesIntoAPrivateCacheAndLeaveNothingInTheTemporaryFolder()
      throws Exception {
    PrivateFolders folders = PrivateFolders.in(dir);
    convert(folders, "out.wav");

    assertEquals(List.of(), folders.leftInTemp(), "left in the temporary folder");
    Path libraries = folders.onnxLibraries();
    assertSameAsJar(libraries);
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(libraries)),
        libraries + " mode");
  }

  @Test
  void shouldReuseTheCachedLibrariesOnTheSecondRun() throws Exception {
    PrivateFolders folders = PrivateFolders.in(dir);
    convert(folders, "first.wav");
    Map<String, String> first = inodesAndTimes(folders.onnxLibraries());
    convert(folders, "second.wav");
    Map<String, String> second = inodesAndTimes(folders.onnxLibraries());

    assertEquals(JarNativeLibraries.forThisPlatform().keySet(), first.keySet());
    assertEquals(first, second, "inode and modification time of each cached library");
    assertEquals(List.of(), folders.leftInTemp(), "left in the temporary folder");
  }

  @Test
  void shouldReplaceATruncatedOrAlteredCachedLibrary() throws Exception {
    PrivateFolders folders = PrivateFolders.in(dir);
    convert(folders, "first.wav");
    Path libraries = folders.onnxLibraries();
    Path runtime = libraries.resolve(System.mapLibraryName("onnxruntime"));
    Path binding = libraries.resolve(System.mapLibraryName("onnxruntime4j_jni"));
    long runtimeSize = Files.size(runtime);
    try (RandomAccessFile f = new RandomAccessFile(runtime.toFile(), "rw")) {
      f.setLength(runtimeSize / 3);
    }
    // Same size, one byte different: only the checksum tells.
    try (RandomAccessFile f = new RandomAccessFile(binding.toFile(), "rw")) {
      f.seek(1000);
      int b = f.read();
      f.seek(1000);
      f.write(b ^ 0xff);
    }

    convert(folders, "second.wav");

    assertSameAsJar(libraries);
    assertEquals(List.of(), folders.leftInTemp(), "left in the temporary folder");
  }

  @Test
  void shouldLeaveCompleteLibrariesWhenTwoProcessesUnpackAtOnce() throws Exception {
    PrivateFolders folders = PrivateFolders.in(dir);
    Path in = TestSpeech.fliteWav("slt", TestSpeech.SENTENCE);
    try (BowtieProcess a = startConvert(folders, in, dir.resolve("a.wav"));
        BowtieProcess b = startConvert(folders, in, dir.resolve("b.wav"))) {
      assertEquals(0, a.awaitExit(120_000), "first: " + a.err());
      assertEquals(0, b.awaitExit(120_000), "second: " + b.err());
    }
    assertSameAsJar(folders.onnxLibraries());
    assertEquals(List.of(), folders.leftInTemp(), "left in the temporary folder");
  }

  @Test
  void shouldRunAndLeaveNothingInTheTemporaryFolderWhenTheCacheCannotBeCreated() throws Exception {
    PrivateFolders folders = PrivateFolders.in(dir);
    // Bowtie's cache folder is a file: no folder can be made in it, whoever runs the test (root
    // too). The rest of the cache home stays usable: ONNX Runtime keeps files of its own there,
    // and without it writes one into the working folder.
    Files.writeString(folders.cache().resolve("bowtie"), "");
    Path in = TestSpeech.fliteWav("slt", TestSpeech.SENTENCE);
    Path out = dir.resolve("out.wav");
    try (BowtieProcess run =
        BowtieProcess.start(
            folders.jvmOptions(),
            folders.env(Map.of()),
            "convert",
            "--voice",
            "slt",
            in.toString(),
            out.toString())) {
      assertEquals(0, run.awaitExit(120_000), run.err().toString());
    }
    assertEquals(WavReader.read(in).frames(), WavReader.read(out).frames(), "frames written");
    assertEquals(List.of(), folders.leftInTemp(), "left in the temporary folder");
  }

  private void convert(PrivateFolders folders, String output) throws Exception {
    Path in = TestSpeech.fliteWav("slt", TestSpeech.SENTENCE);
    Path out = dir.resolve(output);
    try (BowtieProcess run = startConvert(folders, in, out)) {
      assertEquals(0, run.awaitExit(120_000), run.err().toString());
    }
    assertEquals(WavReader.read(in).frames(), WavReader.read(out).frames(), "frames written");
  }

  private static BowtieProcess startConvert(PrivateFolders folders, Path in, Path out)
      throws Exception {
    return BowtieProcess.start(
        folders.jvmOptions(),
        folders.env(Map.of()),
        "convert",
        "--voice",
        "slt",
        in.toString(),
        out.toString());
  }

  /** The folder holds exactly the jar's libraries for this platform, byte for byte. */
  private static void assertSameAsJar(Path libraries) throws Exception {
    Map<String, byte[]> expected = JarNativeLibraries.forThisPlatform();
    assertTrue(
        expected.containsKey(System.mapLibraryName("onnxruntime")), expected.keySet()::toString);
    Set<String> present;
    try (Stream<Path> files = Files.list(libraries)) {
      present =
          files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
    assertEquals(expected.keySet(), present, "files in " + libraries);
    for (Map.Entry<String, byte[]> e : expected.entrySet()) {
      assertArrayEquals(
          e.getValue(), Files.readAllBytes(libraries.resolve(e.getKey())), e.getKey());
    }
  }

  private static Map<String, String> inodesAndTimes(Path libraries) throws Exception {
    Map<String, String> result = new HashMap<>();
    try (Stream<Path> files = Files.list(libraries)) {
      for (Path p : files.toList()) {
        Object inode = Files.getAttribute(p, "unix:ino");
        FileTime modified = Files.getLastModifiedTime(p);
        result.put(p.getFileName().toString(), inode + " " + modified);
      }
    }
    return result;
  }
}
