package dev.bowtie.plugin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.plugin.testing.BowtieProcess;
import dev.bowtie.plugin.testing.PastedShell;
import dev.bowtie.plugin.testing.SoundServer;
import dev.bowtie.realtime.audio.DecodedAudio;
import dev.bowtie.realtime.audio.WavReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick start, pasted into a shell as a newcomer would: every line of its {@code sh}
 * blocks runs in bash, in a folder laid out like a clone whose jar is built. Two lines are not run
 * here: {@code mvn ... package}, which is what built the jar this build tests, and {@code bash
 * .ci/test.sh}, which is the test run this test is part of. {@code live} runs on the test sound
 * server's default devices and is stopped the way a person stops it: Ctrl-C, that is SIGINT to the
 * shell's process group.
 */
@Tag("sound-server")
class ReadmeQuickStartTest {
  @TempDir Path clone;

  @BeforeAll
  static void needsTheServerAndTheJar() {
    SoundServer.assumeServerAndJar();
  }

  @Test
  void shouldRunEveryQuickStartLineAsPastedIntoAShell() throws Exception {
    List<String> lines = PastedShell.readmeLines("## Quick start");
    assertTrue(lines.get(0).startsWith("mvn "), "the quick start builds the jar first: " + lines);
    assertTrue(lines.contains("bash .ci/test.sh"), "the quick start names the test command");
    Path jar = clone.resolve("plugin/target/bowtie.jar");
    Files.createDirectories(jar.getParent());
    Files.createSymbolicLink(jar, BowtieProcess.jar().toAbsolutePath());

    List<String> setup = new ArrayList<>();
    List<String> live = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.startsWith("bowtie live")) {
        live.add(line);
      } else if (!line.equals("bash .ci/test.sh")) {
        setup.add(line);
      }
    }
    String alias = setup.get(0);
    assertTrue(alias.startsWith("alias bowtie="), "the second line makes the command: " + alias);

    PastedShell files = PastedShell.run(clone, String.join("\n", setup));
    assertEquals(0, files.waitFor(300), files.output());
    assertTrue(files.output().contains("bundled sample -> sample-identity.wav"), files.output());
    assertTrue(files.output().contains("  slt "), "voices lists slt: " + files.output());
    DecodedAudio sample = WavReader.read(clone.resolve("sample-identity.wav"));
    assertTrue(sample.durationSeconds() > 5, "the bundled sentence: " + sample.durationSeconds());
    long converted;
    try (var written = Files.list(clone)) {
      converted =
          written
              .map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith("sample-identity-slt") && n.endsWith(".wav"))
              .count();
    }
    assertEquals(1, converted, "the slt conversion of the sample is written: " + files.output());

    assertEquals(1, live.size(), "one live line: " + lines);
    PastedShell session = PastedShell.run(clone, alias + "\n" + live.get(0));
    assertTrue(
        session.awaitOutput("Ctrl-C stops", 60),
        "live started on the default devices: " + session.output());
    Thread.sleep(2000);
    session.pressCtrlC();
    assertEquals(0, session.waitFor(30), session.output());
    assertTrue(session.output().contains("live with voice slt"), session.output());
  }
}
