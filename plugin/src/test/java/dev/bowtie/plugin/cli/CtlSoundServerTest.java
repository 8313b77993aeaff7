package dev.bowtie.plugin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.bowtie.plugin.testing.BowtieProcess;
import dev.bowtie.plugin.testing.SoundServer;
import dev.bowtie.realtime.testing.Recording;
import dev.bowtie.realtime.testing.Signals;
import dev.bowtie.realtime.testing.Sox;
import dev.bowtie.realtime.testing.TestSpeech;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bowtie ctl} against a running {@code bowtie live} on the private PulseAudio loop: {@code
 * bypass toggle} switches what the loop plays between the converted voice and the dry input, and
 * the recordings show it; status, a refused command, and {@code ctl} with nothing running.
 */
@Tag("sound-server")
class CtlSoundServerTest {
  private static final int RATE = 48000;

  @TempDir Path runtime;

  @BeforeAll
  static void needsServerAndJar() {
    SoundServer.assumeServerAndJar();
  }

  @Test
  void shouldToggleBypassOfARunningLiveAndHearTheDifference() throws Exception {
    Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
    Map<String, String> env = new HashMap<>(SoundServer.TEST_DEVICES);
    env.put("XDG_RUNTIME_DIR", runtime.toString());
    Path speech = runtime.resolve("speech-48k.wav");
    Sox.run(
        TestSpeech.fliteWav("kal16", TestSpeech.SENTENCE).toString(),
        "-r",
        Integer.toString(RATE),
        "-c",
        "1",
        "-b",
        "16",
        speech.toString());
    float[] x = Signals.toFloats(TestSpeech.samples(speech, RATE));
    Path socket = runtime.resolve("bowtie").resolve("live.sock");

    try (BowtieProcess live =
        BowtieProcess.start(env, "live", "--voice", "child", "--json-status")) {
      assertTrue(live.awaitRunning(30_000), "bowtie live did not start: " + live.err());
      assertEquals(
          "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));

      JsonObject status = JsonParser.parseString(ctl(env, 0, "status", "--json")).getAsJsonObject();
      assertEquals("child", status.get("voice").getAsString(), status.toString());
      assertFalse(status.get("bypass").getAsBoolean(), status.toString());
      assertTrue(status.get("processedHops").getAsLong() > 0, status.toString());

      double converted = correlationWithInput(live, x, speech, "converted");
      assertEquals("voice child, bypass on, mix 1.00", ctl(env, 0, "bypass", "toggle"));
      double dry = correlationWithInput(live, x, speech, "bypassed");
      System.out.printf(
          "ctl bypass toggle: correlation with the input %.3f converted, %.3f bypassed%n",
          converted, dry);
      assertTrue(dry > 0.9, "bypassed, the loop plays the input: r = " + dry);
      assertTrue(converted < 0.5, "converted, it does not: r = " + converted);

      String refused = ctl(env, 1, "voice", "nobody");
      assertTrue(refused.startsWith("bowtie: ctl voice nobody: unknown voice 'nobody'"), refused);
      assertTrue(live.process.isAlive(), "a refused command leaves the voice running");

      live.process.destroy();
      assertEquals(0, live.awaitExit(10_000), "exit code after SIGTERM; " + live.err());
    }
    assertFalse(Files.exists(socket), "the socket goes with the live loop");
    assertEquals(
        "bowtie: no bowtie live is running (no control socket "
            + socket
            + "); start bowtie live first",
        ctl(env, 1, "status"));
  }

  /**
   * Plays the speech through the loop and correlates the recording with the input. The test rig's
   * capture side now and then holds back audio and delivers it at once, and the loop then rightly
   * skips the stale hops; such a pass says nothing about what the loop plays, so it is played
   * again, up to three times.
   */
  private static double correlationWithInput(
      BowtieProcess live, float[] x, Path speech, String name) throws Exception {
    float threshold = 0.01f;
    int inStart = Recording.firstAbove(x, threshold);
    int inEnd = Recording.lastAbove(x, threshold);
    double r = Double.NaN;
    for (int pass = 1; pass <= 3; pass++) {
      double skippedBefore = BowtieProcess.field(live.lastStatus(), "skippedHops");
      float[] y = SoundServer.playAndRecord(speech, speech.resolveSibling(name + ".raw"));
      Thread.sleep(1200);
      int lag = Recording.bestLag(x, y, y.length - x.length / 2, RATE);
      r = Recording.segmentCorrelation(x, y, lag, RATE / 4, RATE / 500, inStart, inEnd);
      if (BowtieProcess.field(live.lastStatus(), "skippedHops") == skippedBefore) {
        return r;
      }
      System.out.printf(
          "%s, pass %d: stale hops skipped after a capture burst; again%n", name, pass);
    }
    return r;
  }

  /**
   * Runs {@code bowtie ctl ARGS} and returns what it printed: standard output on success, its one
   * line of standard error on failure.
   */
  private static String ctl(Map<String, String> env, int expectedExit, String... args)
      throws Exception {
    String[] all = new String[args.length + 1];
    all[0] = "ctl";
    System.arraycopy(args, 0, all, 1, args.length);
    try (BowtieProcess ctl = BowtieProcess.start(env, all)) {
      int code = ctl.awaitExit(60_000);
      Thread.sleep(100);
      assertEquals(expectedExit, code, "ctl " + String.join(" ", args) + ": " + ctl.err());
      if (code == 0) {
        assertEquals(1, ctl.out().size(), ctl.out().toString());
        return ctl.out().get(0);
      }
      assertEquals(1, ctl.err().size(), ctl.err().toString());
      return ctl.err().get(0);
    }
  }
}
