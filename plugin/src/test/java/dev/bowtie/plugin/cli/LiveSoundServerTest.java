package dev.bowtie.plugin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.plugin.testing.BowtieProcess;
import dev.bowtie.plugin.testing.PrivatePulse;
import dev.bowtie.plugin.testing.SoundServer;
import dev.bowtie.realtime.testing.Recording;
import dev.bowtie.realtime.testing.Scheduling;
import dev.bowtie.realtime.testing.Signals;
import dev.bowtie.realtime.testing.Sox;
import dev.bowtie.realtime.testing.TestSpeech;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code bowtie live} end to end on a real PulseAudio server (the private one test.sh starts):
 * speech played into {@code vc_in} with paplay, Bowtie reading {@code vc_mic} and writing {@code
 * vc_out}, parec recording {@code vc_out.monitor}.
 */
@Tag("sound-server")
class LiveSoundServerTest {
  private static final int RATE = 48000;

  @BeforeAll
  static void needsServerAndJar() {
    SoundServer.assumeServerAndJar();
  }

  /**
   * Java Sound reaches the test devices through the server's default device and {@code
   * PULSE_SOURCE}/{@code PULSE_SINK}; the pulse backend names them.
   */
  @ParameterizedTest
  @ValueSource(strings = {"--backend=javasound", "--backend=pulse --input=vc_mic --output=vc_out"})
  void shouldPlaySpeechThroughTheIdentityVoiceWithoutDropoutsAndStopCleanlyOnSigterm(String devices)
      throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "live-e2e"));
    Path speech = dir.resolve("speech-48k.wav");
    Path recorded = dir.resolve("vc_out.raw");
    // 48 kHz like the sinks, peak -6 dBFS so the output limiter (-3 dBFS) never acts.
    Sox.run(
        TestSpeech.fliteWav("slt", TestSpeech.SENTENCE).toString(),
        "-r",
        "48000",
        "-c",
        "1",
        "-b",
        "16",
        speech.toString(),
        "gain",
        "-n",
        "-6",
        "pad",
        "0.3",
        "0.3");

    try (BowtieProcess bowtie =
        BowtieProcess.start(
            SoundServer.TEST_DEVICES,
            Stream.concat(
                    Stream.of(
                        "live",
                        "--voice",
                        "identity",
                        "--synthesis",
                        "residual",
                        "--json-status",
                        "--buffer-ms",
                        "20"),
                    Arrays.stream(devices.split(" ")))
                .toArray(String[]::new))) {
      assertTrue(bowtie.awaitRunning(20_000), "bowtie live did not start: " + bowtie.err());
      // The test rig's capture side (a null sink's monitor, remapped) now and then holds back
      // about 300 ms and then delivers it at once, whatever Bowtie does (seen with every build,
      // with or without paplay starting); the loop then rightly drops the stale hops to stay
      // live. A pass in which hops were skipped says nothing about dropouts, so it is played again,
      // up to five times.
      float[] y = null;
      String status = null;
      bowtie.awaitSettledStatus();
      for (int pass = 1; pass <= 5 && y == null; pass++) {
        double skippedBefore = BowtieProcess.field(bowtie.lastStatus(), "skippedHops");
        float[] recording = SoundServer.playAndRecord(speech, recorded);
        Thread.sleep(1200);
        status = bowtie.lastStatus();
        double skipped = BowtieProcess.field(status, "skippedHops") - skippedBefore;
        if (skipped == 0) {
          y = recording;
        } else {
          System.out.printf(
              "live identity, pass %d: %.0f stale hops skipped after a capture burst; again%n",
              pass, skipped);
        }
      }
      assertNotNull(y, "every pass had a capture burst: " + status);

      // The loop's three threads run at the default real-time priority (root may always ask).
      Map<String, String> threads = Scheduling.threadsOf(bowtie.process.pid());
      if (Scheduling.runningAsRoot()) {
        for (String name : new String[] {"bowtie-capture", "bowtie-voice", "bowtie-playback"}) {
          assertEquals("2 10", threads.get(name), name + " policy and priority; all: " + threads);
        }
        long roundRobin = threads.values().stream().filter(v -> v.startsWith("2 ")).count();
        assertEquals(3, roundRobin, "only those three run at real-time priority: " + threads);
      }

      bowtie.process.destroy();
      assertEquals(0, bowtie.awaitExit(10_000), "exit code after SIGTERM; " + bowtie.err());
      if (Scheduling.runningAsRoot()) {
        assertTrue(
            bowtie.err().contains("bowtie: real-time priority SCHED_RR 10 for 3 threads"),
            "stderr: " + bowtie.err());
      }

      float[] x = Signals.toFloats(TestSpeech.samples(speech, RATE));
      float threshold = 0.01f;
      int inStart = Recording.firstAbove(x, threshold);
      int inEnd = Recording.lastAbove(x, threshold);
      int outStart = Recording.firstAbove(y, threshold);
      int outEnd = Recording.lastAbove(y, threshold);
      assertTrue(outStart >= 0, "the recording holds sound");
      double inMillis = 1000.0 * (inEnd - inStart) / RATE;
      double outMillis = 1000.0 * (outEnd - outStart) / RATE;
      assertEquals(inMillis, outMillis, 50.0, "speech duration in vs out (ms); " + status);

      int lag = Recording.bestLag(x, y, y.length - x.length / 2, RATE);
      double r = Recording.correlation(x, y, lag);
      double rSegments =
          Recording.segmentCorrelation(x, y, lag, RATE / 4, RATE / 500, inStart, inEnd);
      System.out.printf(
          "live identity (%s): correlation with the input %.3f whole, %.3f per 250 ms segment%n",
          devices, r, rSegments);
      assertTrue(
          rSegments > 0.9,
          "identity output correlates with the input: r = " + rSegments + " (whole: " + r + ")");
      int dropout = Recording.longestDropout(x, y, lag, 1e-4f, inStart, inEnd);
      assertTrue(
          dropout <= RATE / 50,
          "longest silence inside speech: " + 1000.0 * dropout / RATE + " ms");
      assertEquals(0, BowtieProcess.field(status, "overruns"), status);
    }
  }

  @Test
  void shouldRefuseAnUnknownInputDeviceListingTheDevices() throws Exception {
    try (BowtieProcess bowtie =
        BowtieProcess.start(SoundServer.TEST_DEVICES, "live", "--input", "no-such-microphone")) {
      assertEquals(1, bowtie.awaitExit(20_000));
      Thread.sleep(200);
      assertEquals(1, bowtie.err().size(), "one line: " + bowtie.err());
      String line = bowtie.err().get(0);
      assertTrue(
          line.startsWith("bowtie: --input: no capture device matches 'no-such-microphone'"), line);
      assertTrue(line.contains("'default [default]'"), line);
    }
  }

  @ParameterizedTest
  @CsvSource({"PULSE_SOURCE, source", "PULSE_SINK, sink"})
  void shouldNameASoundServerDeviceThatDoesNotExistAndNotBlameTheBuffer(
      String variable, String kind) throws Exception {
    Map<String, String> env = new HashMap<>(SoundServer.TEST_DEVICES);
    env.put(variable, "no-such-device");
    try (BowtieProcess bowtie = BowtieProcess.start(env, "live", "--rt-priority", "0")) {
      assertEquals(1, bowtie.awaitExit(30_000));
      Thread.sleep(200);
      assertEquals(1, bowtie.err().size(), "one line: " + bowtie.err());
      String line = bowtie.err().get(0);
      assertTrue(
          line.contains(
              "the sound server has no "
                  + kind
                  + " 'no-such-device' ("
                  + variable
                  + "); list them with: pactl list short "
                  + kind
                  + "s"),
          line);
      assertFalse(line.contains("buffer"), line);
      assertTrue(bowtie.out().isEmpty(), "no status: " + bowtie.out());
    }
  }

  @Test
  void shouldRefuseASecondLiveOnTheSameDevicesNamingTheFirstWhileTheFirstPlaysOn()
      throws Exception {
    try (BowtieProcess first =
        BowtieProcess.start(SoundServer.TEST_DEVICES, "live", "--json-status")) {
      assertTrue(first.awaitRunning(20_000), "first live did not start: " + first.err());
      try (BowtieProcess second =
          BowtieProcess.start(SoundServer.TEST_DEVICES, "live", "--json-status")) {
        assertEquals(1, second.awaitExit(30_000), "second live: " + second.err());
        Thread.sleep(200);
        assertEquals(1, second.err().size(), "one line: " + second.err());
        String line = second.err().get(0);
        assertTrue(
            line.startsWith(
                "bowtie: another Bowtie live loop (PID " + first.process.pid() + ") is already"),
            line);
        assertTrue(second.out().isEmpty(), "the second never ran: " + second.out());
      }
      double before = BowtieProcess.field(first.awaitNextStatus(5_000), "processedHops");
      double after = BowtieProcess.field(first.awaitNextStatus(5_000), "processedHops");
      assertTrue(after - before > 100, "the first plays on: " + before + " then " + after);

      // Other devices are another lock: a live playing into vc_in runs beside the first.
      Map<String, String> otherSink = new HashMap<>(SoundServer.TEST_DEVICES);
      otherSink.put("PULSE_SINK", "vc_in");
      try (BowtieProcess beside = BowtieProcess.start(otherSink, "live", "--json-status")) {
        assertTrue(beside.awaitRunning(20_000), "live on other devices: " + beside.err());
      }
      first.process.destroy();
      assertEquals(0, first.awaitExit(10_000), "exit code after SIGTERM; " + first.err());
    }
  }

  @Test
  void shouldSayInOneLineThatNoSoundServerRunsAndExitOne() throws Exception {
    Path nowhere = Files.createTempDirectory("no-server").resolve("native");
    try (BowtieProcess bowtie =
        BowtieProcess.start(Map.of("PULSE_SERVER", "unix:" + nowhere), "live")) {
      assertEquals(1, bowtie.awaitExit(20_000));
      Thread.sleep(200);
      assertEquals(1, bowtie.err().size(), "one line: " + bowtie.err());
      assertTrue(
          bowtie.err().get(0).startsWith("bowtie: no audio capture device found: start PulseAudio"),
          bowtie.err().get(0));
    }
  }

  @Test
  void shouldListCaptureAndPlaybackDevicesWithTheirRates() throws Exception {
    try (BowtieProcess bowtie = BowtieProcess.start(SoundServer.TEST_DEVICES, "devices")) {
      assertEquals(0, bowtie.awaitExit(20_000));
      Thread.sleep(200);
      assertTrue(
          bowtie.out().stream().anyMatch(l -> l.startsWith("capture") && l.contains("48000")),
          bowtie.out().toString());
      assertTrue(
          bowtie.out().stream().anyMatch(l -> l.startsWith("playback") && l.contains("48000")),
          bowtie.out().toString());
    }
  }

  @Test
  void shouldReportALostServerRetryWithoutSpinningAndExit() throws Exception {
    try (PrivatePulse pulse = PrivatePulse.start();
        BowtieProcess bowtie =
            BowtieProcess.start(
                pulse.clientEnv(), "live", "--json-status", "--retry-seconds", "3")) {
      assertTrue(bowtie.awaitRunning(20_000), "bowtie live did not start: " + bowtie.err());
      pulse.crash();
      long killedAt = System.nanoTime();
      Thread.sleep(1500);
      Duration cpuBefore = cpu(bowtie.process);
      Thread.sleep(1000);
      Duration cpuAfter = cpu(bowtie.process);
      int code = bowtie.awaitExit(15_000);
      double seconds = (System.nanoTime() - killedAt) / 1e9;
      String err = String.join("\n", bowtie.err());
      assertEquals(1, code, err);
      assertTrue(err.contains("stopped"), err);
      assertTrue(err.contains("retrying for 3 s"), err);
      assertTrue(err.contains("did not come back within 3 s"), err);
      assertTrue(seconds < 10, "exited " + seconds + " s after the server died");
      long cpuMillis = cpuAfter.minus(cpuBefore).toMillis();
      assertTrue(cpuMillis < 300, "CPU while retrying for 1 s: " + cpuMillis + " ms");
    }
  }

  @Test
  void shouldCarryOnThroughTheNewServerWhenTheServerComesBack() throws Exception {
    try (PrivatePulse pulse = PrivatePulse.start();
        BowtieProcess bowtie =
            BowtieProcess.start(
                pulse.clientEnv(), "live", "--json-status", "--retry-seconds", "30")) {
      assertTrue(bowtie.awaitRunning(20_000), "bowtie live did not start: " + bowtie.err());
      pulse.crash();
      assertTrue(awaitLine(bowtie, "retrying for 30 s", 10_000), "no retry: " + bowtie.err());
      Thread.sleep(2000);
      pulse.launch();
      assertTrue(awaitLine(bowtie, "audio device is back", 15_000), "not back: " + bowtie.err());
      int statusLinesAtReturn = bowtie.out().size();

      // A tone played into the new server's vc_in must reach Bowtie's input and its output.
      Path tone = Files.createDirectories(Path.of("target", "live-e2e")).resolve("tone-48k.wav");
      Sox.run(
          "-n",
          "-r",
          "48000",
          "-c",
          "1",
          "-b",
          "16",
          tone.toString(),
          "synth",
          "3",
          "sine",
          "440",
          "vol",
          "0.3");
      ProcessBuilder paplay =
          new ProcessBuilder("paplay", "-d", "vc_in", tone.toString()).redirectErrorStream(true);
      paplay.environment().putAll(pulse.clientEnv());
      Process playing = paplay.start();
      String loud = null;
      long deadline = System.currentTimeMillis() + 10_000;
      while (loud == null && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
        List<String> lines = bowtie.out();
        for (String line : lines.subList(statusLinesAtReturn, lines.size())) {
          if (line.startsWith("{")
              && BowtieProcess.field(line, "inputDbfs") > -30
              && BowtieProcess.field(line, "outputDbfs") > -30) {
            loud = line;
          }
        }
      }
      assertTrue(playing.waitFor(20, TimeUnit.SECONDS), "paplay finished");
      assertNotNull(loud, "no status with the tone in and out after the return: " + bowtie.out());

      bowtie.process.destroy();
      assertEquals(0, bowtie.awaitExit(10_000), "exit code after SIGTERM; " + bowtie.err());
    }
  }

  private static boolean awaitLine(BowtieProcess bowtie, String text, long timeoutMillis)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (System.currentTimeMillis() < deadline) {
      if (bowtie.err().stream().anyMatch(l -> l.contains(text))) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  private static Duration cpu(Process p) {
    return p.info().totalCpuDuration().orElseThrow();
  }
}
