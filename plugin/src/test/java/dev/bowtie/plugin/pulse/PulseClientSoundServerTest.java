package dev.bowtie.plugin.pulse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.plugin.testing.PrivatePulse;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** PulseClient against the running test server (vc_in, vc_out, vc_mic). */
@Tag("sound-server")
class PulseClientSoundServerTest {
  private static PulseDevice named(List<PulseDevice> devices, String name) {
    return devices.stream()
        .filter(d -> d.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " missing from " + devices));
  }

  @Test
  void listsTheTestDevicesByNameWithDescriptionRateAndMonitorFlag() throws Exception {
    String server = TestServers.shared();
    try (PulseClient client = new PulseClient(PulseNative.loadLibrary(), "Bowtie test", server)) {
      List<PulseDevice> sinks = client.sinks();
      for (String name : List.of("vc_in", "vc_out")) {
        PulseDevice sink = named(sinks, name);
        assertEquals(name, sink.description());
        assertEquals(48000, sink.sampleRate());
        assertEquals(1, sink.channels());
        assertFalse(sink.monitor());
      }
      List<PulseDevice> sources = client.sources();
      PulseDevice mic = named(sources, "vc_mic");
      assertEquals("vc_mic", mic.description());
      assertFalse(mic.monitor());
      assertEquals(48000, mic.sampleRate());
      PulseDevice monitor = named(sources, "vc_in.monitor");
      assertTrue(monitor.monitor());
      assertEquals("Monitor of vc_in", monitor.description());
      PulseModule remap =
          client.modules().stream()
              .filter(m -> m.index() == mic.ownerModule())
              .findFirst()
              .orElseThrow();
      assertEquals("module-remap-source", remap.name());
      assertTrue(remap.argument().contains("master=vc_in.monitor"), remap.argument());
      PulseClient.ServerInfo info = client.serverInfo();
      assertEquals("vc_out", info.defaultSink());
      assertEquals("vc_mic", info.defaultSource());
    }
  }

  @Test
  void loadsAModuleThatPactlSeesAndUnloadsItOnce() throws Exception {
    String server = TestServers.shared();
    try (PulseClient client = new PulseClient(PulseNative.loadLibrary(), "Bowtie test", server)) {
      int index = client.loadModule("module-null-sink", "sink_name=bowtie_client_test");
      assertTrue(
          TestServers.pactl(server, "list", "short", "modules")
              .contains(index + "\tmodule-null-sink\tsink_name=bowtie_client_test"));
      assertTrue(client.unloadModule(index));
      assertFalse(client.unloadModule(index));
      assertFalse(TestServers.pactl(server, "list", "short", "sinks").contains("bowtie_client"));
    }
  }

  @Test
  void aModuleTheServerRefusesIsOneLineNamingIt() throws Exception {
    String server = TestServers.shared();
    try (PulseClient client = new PulseClient(PulseNative.loadLibrary(), "Bowtie test", server)) {
      PulseException e =
          assertThrows(
              PulseException.class,
              () -> client.loadModule("module-remap-source", "master=no_such_sink"));
      assertTrue(
          e.getMessage().startsWith("the sound server refused to load module-remap-source ("),
          e.getMessage());
    }
  }

  @Test
  void aServerThatDiesMakesTheNextCallFailInOneLine() throws Exception {
    TestServers.shared();
    try (PrivatePulse scratch = PrivatePulse.start();
        PulseClient client =
            new PulseClient(PulseNative.loadLibrary(), "Bowtie test", scratch.server())) {
      assertFalse(client.sinks().isEmpty());
      scratch.crash();
      PulseException e = assertThrows(PulseException.class, client::sinks);
      assertTrue(
          e.getMessage()
              .startsWith("lost the connection to the sound server at " + scratch.server()),
          e.getMessage());
    }
  }
}
