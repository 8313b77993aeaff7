package dev.bowtie.plugin.pulse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** VirtualMicrophone's create, close and stale-module logic on an in-memory sound server. */
class VirtualMicrophoneFakeServerTest {
  private final FakePulseLibrary server = new FakePulseLibrary();

  private PulseClient client() throws PulseException {
    return new PulseClient(server, "test", null);
  }

  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  @Test
  void createLoadsANullSinkAndARemapOfItsMonitorMarkedWithThisProcess() throws Exception {
    try (PulseClient client = client();
        VirtualMicrophone mic = VirtualMicrophone.create(client, "My Mic 2", 48000)) {
      assertEquals("my_mic_2_sink", mic.sinkName());
      assertEquals("my_mic_2", mic.sourceName());
      assertEquals(2, server.modules.size());
      PulseModule sink = server.modules.get(0);
      PulseModule source = server.modules.get(1);
      assertEquals("module-null-sink", sink.name());
      assertEquals("module-remap-source", source.name());
      String pid = "bowtie.owner.pid=" + ProcessHandle.current().pid() + " ";
      assertTrue(sink.argument().startsWith("sink_name=my_mic_2_sink rate=48000 channels=1 "));
      assertTrue(sink.argument().contains(pid), sink.argument());
      assertTrue(
          source
              .argument()
              .startsWith(
                  "source_name=my_mic_2 master=my_mic_2_sink.monitor channels=1"
                      + " source_properties='device.description=\"My Mic 2\" "),
          source.argument());
      assertTrue(source.argument().contains(pid), source.argument());
      assertTrue(source.argument().endsWith("'"), source.argument());
    }
    assertTrue(server.modules.isEmpty());
  }

  @Test
  void closeUnloadsTheRemapSourceThenTheSinkAndNothingElse() throws Exception {
    int foreign = server.addModule("module-null-sink", "sink_name=other");
    int otherBowtie =
        server.addModule(
            "module-null-sink",
            "sink_name=x_sink sink_properties='bowtie.owner.pid=" + ProcessHandle.current().pid());
    try (PulseClient client = client()) {
      VirtualMicrophone mic = VirtualMicrophone.create(client, "Mic", 48000);
      int sink = server.modules.get(2).index();
      int source = server.modules.get(3).index();
      mic.close();
      mic.close();
      assertEquals(List.of(source, sink), server.unloadCalls);
      assertEquals(
          List.of(foreign, otherBowtie), server.modules.stream().map(PulseModule::index).toList());
    }
  }

  @Test
  void closeLeavesAModuleThatNowHasTheIndexOfOneItLoaded() throws Exception {
    try (PulseClient client = client()) {
      VirtualMicrophone mic = VirtualMicrophone.create(client, "Mic", 48000);
      PulseModule source = server.modules.remove(1);
      server.modules.add(new PulseModule(source.index(), "module-loopback", "source=x"));
      mic.close();
      assertEquals(
          List.of(new PulseModule(source.index(), "module-loopback", "source=x")), server.modules);
    }
  }

  @Test
  void removeStaleUnloadsOnlyModulesOfBowtiesThatNoLongerRunRemapSourcesFirst() throws Exception {
    long dead = deadPid();
    long self = ProcessHandle.current().pid();
    int deadSink =
        server.addModule(
            "module-null-sink",
            "sink_name=a_sink sink_properties='device.description=\"A\" bowtie.owner.pid="
                + dead
                + " bowtie.owner.start=1'");
    int deadSource =
        server.addModule(
            "module-remap-source",
            "source_name=a master=a_sink.monitor source_properties='bowtie.owner.pid="
                + dead
                + "'");
    // This process's PID with a start time from long ago: a new process that took the PID over.
    int reusedPid =
        server.addModule(
            "module-null-sink",
            "sink_name=b_sink sink_properties='bowtie.owner.pid="
                + self
                + " bowtie.owner.start=5'");
    int live =
        server.addModule(
            "module-null-sink",
            "sink_name=c_sink sink_properties='" + OwnerProcess.current().properties() + "'");
    int foreign = server.addModule("module-null-sink", "sink_name=d");
    try (PulseClient client = client()) {
      List<PulseModule> removed = VirtualMicrophone.removeStale(client);
      assertEquals(
          List.of(deadSource, deadSink, reusedPid),
          removed.stream().map(PulseModule::index).toList());
      assertEquals(List.of(deadSource, deadSink, reusedPid), server.unloadCalls);
      assertEquals(
          List.of(live, foreign), server.modules.stream().map(PulseModule::index).toList());
    }
  }

  @Test
  void createRemovesStaleModulesOfTheSameNameFirst() throws Exception {
    long dead = deadPid();
    server.addModule(
        "module-null-sink",
        "sink_name=mic_sink sink_properties='device.description=\"Mic (Bowtie plays here)\""
            + " bowtie.owner.pid="
            + dead
            + "'");
    server.addModule(
        "module-remap-source",
        "source_name=mic master=mic_sink.monitor channels=1 source_properties='"
            + "device.description=\"Mic\" bowtie.owner.pid="
            + dead
            + "'");
    try (PulseClient client = client();
        VirtualMicrophone mic = VirtualMicrophone.create(client, "Mic", 48000)) {
      assertEquals(2, server.modules.size());
      assertTrue(server.modules.get(0).argument().contains("pid=" + ProcessHandle.current().pid()));
      assertEquals("mic", mic.sourceName());
    }
  }

  @Test
  void aNameOpenInARunningBowtieIsRefusedNamingThatProcess() throws Exception {
    server.addModule(
        "module-remap-source",
        "source_name=elsewhere source_properties='device.description=\"Mic\" "
            + OwnerProcess.current().properties()
            + "'");
    try (PulseClient client = client()) {
      PulseException e =
          assertThrows(PulseException.class, () -> VirtualMicrophone.create(client, "Mic", 48000));
      assertEquals(
          "a virtual microphone named \"Mic\" is already open in Bowtie process "
              + ProcessHandle.current().pid()
              + ": close that Bowtie or choose another name",
          e.getMessage());
      assertEquals(1, server.modules.size());
    }
  }

  @Test
  void aNameAnotherSourceHasIsRefusedNamingThatSource() throws Exception {
    server.addModule(
        "module-remap-source", "source_name=usb_mic source_properties=device.description=\"Mic\"");
    try (PulseClient client = client()) {
      PulseException e =
          assertThrows(PulseException.class, () -> VirtualMicrophone.create(client, "Mic", 48000));
      assertEquals(
          "the sound server already has a device \"Mic\" (usb_mic):"
              + " choose another name for the virtual microphone",
          e.getMessage());
      assertEquals(1, server.modules.size());
    }
  }

  @Test
  void aRefusedRemapSourceUnloadsTheSinkItWasFor() throws Exception {
    server.refusedModule = "module-remap-source";
    try (PulseClient client = client()) {
      PulseException e =
          assertThrows(PulseException.class, () -> VirtualMicrophone.create(client, "Mic", 48000));
      assertEquals(
          "could not create the virtual microphone \"Mic\": the sound server refused to load"
              + " module-remap-source (Module initialization failed)",
          e.getMessage());
      assertTrue(server.modules.isEmpty());
      assertEquals(1, server.unloadCalls.size());
    }
  }

  @Test
  void namesWithQuotesOrWithoutLettersAreRefusedBeforeAnythingLoads() throws Exception {
    try (PulseClient client = client()) {
      for (String name : List.of("Bob's mic", "a \"b\"", "back\\slash", " ", "!!!", "tab\there")) {
        PulseException e =
            assertThrows(PulseException.class, () -> VirtualMicrophone.create(client, name, 48000));
        assertTrue(e.getMessage().startsWith("virtual microphone name \""), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
      }
      assertTrue(server.modules.isEmpty());
    }
  }

  @Test
  void aServerThatFailsTheConnectionIsOneLineNamingTheAddress() {
    server.serverRuns = false;
    PulseException e =
        assertThrows(PulseException.class, () -> new PulseClient(server, "test", "unix:/x"));
    assertEquals(
        "no sound server answers at unix:/x (Connection refused): start PulseAudio or PipeWire,"
            + " or point PULSE_SERVER at a running one",
        e.getMessage());
  }
}
