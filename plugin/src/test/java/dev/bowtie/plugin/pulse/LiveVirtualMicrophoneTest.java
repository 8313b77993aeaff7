package dev.bowtie.plugin.pulse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.plugin.testing.BowtieProcess;
import dev.bowtie.plugin.testing.PrivatePulse;
import dev.bowtie.plugin.testing.SoundServer;
import dev.bowtie.realtime.testing.Signals;
import dev.bowtie.realtime.testing.Sox;
import dev.bowtie.realtime.testing.TestSpeech;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code bowtie live --virtual-mic} on the shared test server: what it leaves in the server (its
 * modules while it runs, none after it), whatever way it ends, and its one-line refusals.
 */
@Tag("sound-server")
class LiveVirtualMicrophoneTest {
  private static final String MIC = "bowtie_virtual_microphone";

  private String server;

  @BeforeAll
  static void needsServerAndJar() {
    SoundServer.assumeServerAndJar();
  }

  @BeforeEach
  void noBowtieModulesBefore() throws Exception {
    server = TestServers.shared();
    assertEquals(List.of(), TestServers.bowtieModules(server), "a clean server to start with");
  }

  @AfterEach
  void noBowtieModulesAfter() throws Exception {
    assertEquals(List.of(), TestServers.bowtieModules(server), "nothing left behind");
  }

  @Test
  void shouldRemoveAStaleMicrophoneOfAKilledLiveAtTheNextStartAndItsOwnOnSigterm()
      throws Exception {
    long killed;
    try (BowtieProcess first = live("--virtual-mic")) {
      assertTrue(first.awaitRunning(30_000), "live did not start: " + first.err());
      killed = first.process.pid();
      assertEquals(2, owned(killed).size(), "sink and source: " + owned(killed));
      first.process.destroyForcibly();
      first.awaitExit(10_000);
    }
    assertEquals(2, owned(killed).size(), "kill -9 leaves both modules: " + owned(killed));

    try (BowtieProcess second = live("--virtual-mic")) {
      assertTrue(second.awaitRunning(30_000), "live did not start: " + second.err());
      assertEquals(List.of(), owned(killed), "the killed Bowtie's modules are gone");
      assertEquals(
          2, owned(second.process.pid()).size(), TestServers.bowtieModules(server).toString());
      assertTrue(
          TestServers.pactl(server, "list", "sources").contains("Bowtie Virtual Microphone"),
          "programs see the microphone by its name");
      second.process.destroy();
      assertEquals(0, second.awaitExit(10_000), "exit code after SIGTERM; " + second.err());
      assertTrue(
          second.err().stream()
              .anyMatch(
                  l ->
                      l.startsWith(
                          "bowtie: virtual microphone ready: pick \"Bowtie Virtual Microphone\"")),
          second.err().toString());
    }
  }

  @Test
  void shouldLetTheUserHearTheMicrophoneOnASinkAndRemoveTheLoopbackOnExit() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "live-virtual-mic"));
    Path speech = dir.resolve("speech-48k.wav");
    Sox.run(
        TestSpeech.fliteWav("slt", TestSpeech.SENTENCE).toString(),
        "-r",
        "48000",
        "-c",
        "1",
        "-b",
        "16",
        speech.toString());
    try (BowtieProcess bowtie =
        live("--virtual-mic", "--voice", "identity", "--monitor", "vc_out")) {
      assertTrue(bowtie.awaitRunning(30_000), "live did not start: " + bowtie.err());
      List<String> modules = owned(bowtie.process.pid());
      assertEquals(3, modules.size(), "sink, source and loopback: " + modules);
      assertTrue(
          modules.stream()
              .anyMatch(m -> m.contains("module-loopback") && m.contains("sink=vc_out")),
          modules.toString());
      float[] heard = SoundServer.playAndRecord(speech, "vc_out.monitor", dir.resolve("heard.raw"));
      double rms = Signals.rms(heard, 0, heard.length);
      assertTrue(rms > 0.01, "the voice is heard on vc_out: rms " + rms);
      bowtie.process.destroy();
      assertEquals(0, bowtie.awaitExit(10_000), "exit code after SIGTERM; " + bowtie.err());
    }
  }

  @Test
  void shouldRefuseAMicrophoneNameThatAnotherLiveBowtieHoldsInOneLine() throws Exception {
    try (BowtieProcess first = live("--virtual-mic")) {
      assertTrue(first.awaitRunning(30_000), "live did not start: " + first.err());
      try (BowtieProcess second = live("--virtual-mic")) {
        assertEquals(1, second.awaitExit(30_000), second.err().toString());
        Thread.sleep(200);
        assertEquals(
            List.of(
                "bowtie: --virtual-mic: a virtual microphone named \"Bowtie Virtual Microphone\""
                    + " is already open in Bowtie process "
                    + first.process.pid()
                    + ": close that Bowtie or choose another name"),
            second.err());
      }
      assertEquals(2, owned(first.process.pid()).size(), "the first keeps its microphone");
      first.process.destroy();
      assertEquals(0, first.awaitExit(10_000), "exit code after SIGTERM; " + first.err());
    }
  }

  @Test
  void shouldRefuseAnOutputDeviceBesideTheVirtualMicrophoneInOneLine() throws Exception {
    try (BowtieProcess bowtie = live("--virtual-mic", "--output", "vc_out")) {
      assertEquals(1, bowtie.awaitExit(20_000));
      Thread.sleep(200);
      assertEquals(
          List.of(
              "bowtie: --virtual-mic plays into the microphone it creates: leave out --output, or"
                  + " leave out --virtual-mic to play into 'vc_out'"),
          bowtie.err());
    }
  }

  @Test
  void shouldRefuseAMonitorSinkTheServerDoesNotHaveInOneLine() throws Exception {
    try (BowtieProcess bowtie = live("--virtual-mic", "--monitor", "no-such-sink")) {
      assertEquals(1, bowtie.awaitExit(30_000));
      Thread.sleep(200);
      assertEquals(
          List.of(
              "bowtie: --virtual-mic: the sound server has no sink \"no-such-sink\" to hear the"
                  + " virtual microphone on: pick a sink from the device list"),
          bowtie.err());
      assertTrue(bowtie.out().isEmpty(), "never ran: " + bowtie.out());
    }
  }

  @Test
  void shouldSayInOneLineThatNoSoundServerAnswers() throws Exception {
    Path nowhere = Files.createTempDirectory("no-server").resolve("native");
    try (BowtieProcess bowtie =
        BowtieProcess.start(Map.of("PULSE_SERVER", "unix:" + nowhere), "live", "--virtual-mic")) {
      assertEquals(1, bowtie.awaitExit(20_000));
      Thread.sleep(200);
      assertEquals(1, bowtie.err().size(), "one line: " + bowtie.err());
      String line = bowtie.err().get(0);
      assertTrue(
          line.startsWith("bowtie: no sound server answers at unix:" + nowhere + " ("), line);
      assertTrue(
          line.endsWith("start PulseAudio or PipeWire, or point PULSE_SERVER at a running one"),
          line);
    }
  }

  @Test
  void shouldStopWithOneLineWhenTheServerHoldingTheMicrophoneDies() throws Exception {
    try (PrivatePulse pulse = PrivatePulse.start();
        BowtieProcess bowtie =
            BowtieProcess.start(
                pulse.clientEnv(),
                "live",
                "--json-status",
                "--rt-priority=0",
                "--virtual-mic",
                "--retry-seconds",
                "2")) {
      assertTrue(bowtie.awaitRunning(30_000), "live did not start: " + bowtie.err());
      pulse.crash();
      assertEquals(1, bowtie.awaitExit(20_000), bowtie.err().toString());
      Thread.sleep(200);
      String last = bowtie.err().get(bowtie.err().size() - 1);
      assertTrue(last.contains("did not come back within 2 s"), bowtie.err().toString());
      assertTrue(
          bowtie.err().stream().noneMatch(l -> l.contains("virtual microphone:")),
          "the modules went with the server, nothing to report: " + bowtie.err());
    }
  }

  private static BowtieProcess live(String... options) throws Exception {
    String[] args = new String[options.length + 3];
    args[0] = "live";
    args[1] = "--json-status";
    args[2] = "--rt-priority=0";
    System.arraycopy(options, 0, args, 3, options.length);
    return BowtieProcess.start(Map.of(), args);
  }

  /** Bowtie's modules on the shared server that name {@code pid} as their owner. */
  private List<String> owned(long pid) throws Exception {
    return TestServers.bowtieModules(server).stream()
        .filter(m -> m.contains(OwnerProcess.PID_PROPERTY + "=" + pid + " "))
        .filter(m -> m.contains(MIC))
        .toList();
  }
}
