package dev.bowtie.plugin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.plugin.testing.BowtieProcess;
import dev.bowtie.plugin.testing.PrivateFolders;
import dev.bowtie.plugin.testing.SoundServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bowtie live} with a neural voice, stopped by a signal as Ctrl-C or a service manager
 * would, leaves nothing in the temporary folder: it ends the JVM with {@code halt}, so files that
 * are only deleted at a normal exit would stay.
 */
@Tag("sound-server")
class LiveTemporaryFilesTest {
  @TempDir Path dir;

  @BeforeAll
  static void needsServerAndJar() {
    SoundServer.assumeServerAndJar();
  }

  @Test
  void shouldLeaveNothingInTheTemporaryFolderWhenANeuralVoiceIsStoppedWithSigterm()
      throws Exception {
    PrivateFolders folders = PrivateFolders.in(dir);
    try (BowtieProcess live =
        BowtieProcess.start(
            folders.jvmOptions(),
            folders.env(SoundServer.TEST_DEVICES),
            "live",
            "--voice",
            "slt",
            "--json-status")) {
      assertTrue(live.awaitRunning(30_000), "bowtie live did not start: " + live.err());
      live.process.destroy();
      assertEquals(0, live.awaitExit(10_000), "exit code after SIGTERM; " + live.err());
    }
    assertEquals(List.of(), folders.leftInTemp(), "left in the temporary folder");
    Path runtime = folders.onnxLibraries().resolve(System.mapLibraryName("onnxruntime"));
    assertTrue(Files.isRegularFile(runtime), runtime + " was not cached");
  }
}
