package dev.bowtie.plugin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.plugin.testing.BowtieProcess;
import dev.bowtie.plugin.testing.PastedShell;
import dev.bowtie.plugin.testing.SoundServer;
import dev.bowtie.realtime.testing.Recording;
import dev.bowtie.realtime.testing.Signals;
import dev.bowtie.realtime.testing.Sox;
import dev.bowtie.realtime.testing.TestSpeech;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's virtual-microphone steps, pasted into a shell as written: each {@code bowtie live}
 * line of the section's {@code sh} block runs after its {@code alias} line, in a folder laid out
 * like a clone whose jar is built, on the test server. While it runs, speech played into {@code
 * vc_in} (the default source's sink) must come out of the microphone it names, recorded with parec
 * as a program that picked it would; Ctrl-C then ends it with 0 and leaves no module behind.
 */
@Tag("sound-server")
class ReadmeVirtualMicrophoneTest {
  private static final String SECTION = "### Virtual microphone: OBS, Discord, Zoom";
  private static final Pattern SOURCE = Pattern.compile("\\(source '([^']+)'\\)");

  @TempDir Path clone;

  @BeforeAll
  static void needsTheServerAndTheJar() {
    SoundServer.assumeServerAndJar();
  }

  @Test
  void shouldGiveAMicrophoneCarryingTheVoiceForEachLiveLineAsPasted() throws Exception {
    List<String> lines = PastedShell.readmeLines(SECTION);
    String alias = lines.get(0);
    assertTrue(alias.startsWith("alias bowtie="), "the block makes the command first: " + lines);
    List<String> live = lines.subList(1, lines.size());
    assertTrue(!live.isEmpty(), "the block runs live: " + lines);
    Path jar = clone.resolve("plugin/target/bowtie.jar");
    Files.createDirectories(jar.getParent());
    Files.createSymbolicLink(jar, BowtieProcess.jar().toAbsolutePath());
    Path speech = clone.resolve("speech-48k.wav");
    Sox.run(
        TestSpeech.fliteWav("slt", TestSpeech.SENTENCE).toString(),
        "-r",
        "48000",
        "-c",
        "1",
        "-b",
        "16",
        speech.toString());

    for (String line : live) {
      assertTrue(line.startsWith("bowtie live --virtual-mic"), line);
      PastedShell session = PastedShell.run(clone, alias + "\n" + line);
      try {
        assertTrue(
            session.awaitOutput("virtual microphone ready", 90),
            line + " started: " + session.output());
        Matcher source = SOURCE.matcher(session.output());
        assertTrue(source.find(), "the line names the source: " + session.output());
        float[] recorded =
            SoundServer.playAndRecord(speech, source.group(1), clone.resolve("microphone.raw"));
        int start = Recording.firstAbove(recorded, 0.05f);
        int end = Recording.lastAbove(recorded, 0.05f);
        assertTrue(start >= 0, line + ": the microphone carries sound");
        double seconds = (end - start) / 48000.0;
        double rms = Signals.rms(recorded, start, end);
        System.out.printf(
            "%s: %.2f s of voice from the microphone, rms %.3f%n", line, seconds, rms);
        assertTrue(seconds > 2, line + ": the sentence comes through, " + seconds + " s");
        assertTrue(rms > 0.02, line + ": voice, not noise floor: rms " + rms);
      } finally {
        session.pressCtrlC();
      }
      assertEquals(0, session.waitFor(30), session.output());
      String modules = SoundServer.pactl("list", "short", "modules");
      assertTrue(!modules.contains("bowtie.owner.pid"), line + " left modules: " + modules);
    }
  }
}
