package dev.bowtie.plugin.pulse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a virtual microphone does on a real sound server; subclasses name the server. */
abstract class VirtualMicrophoneContract {
  /** The server address under test; skips the test when it is not available. */
  abstract String server() throws Exception;

  private PulseClient connect() throws Exception {
    return new PulseClient(PulseNative.loadLibrary(), "Bowtie test", server());
  }

  @Test
  void appearsAsAMicrophoneWithItsDescriptionAndIsGoneAfterClose() throws Exception {
    String server = server();
    try (PulseClient client = connect()) {
      VirtualMicrophone mic =
          VirtualMicrophone.create(client, VirtualMicrophone.DEFAULT_NAME, 48000);
      try {
        List<String> descriptions =
            TestServers.pactl(server, "list", "sources")
                .lines()
                .map(String::strip)
                .filter(l -> l.startsWith("Description: "))
                .toList();
        assertTrue(
            descriptions.contains("Description: Bowtie Virtual Microphone"),
            descriptions.toString());
        PulseDevice source =
            client.sources().stream()
                .filter(s -> s.name().equals("bowtie_virtual_microphone"))
                .findFirst()
                .orElseThrow();
        assertEquals("Bowtie Virtual Microphone", source.description());
        assertFalse(source.monitor());
        assertTrue(
            client.sinks().stream().anyMatch(s -> s.name().equals(mic.sinkName())), mic.sinkName());
        assertEquals(2, TestServers.bowtieModules(server).size());
      } finally {
        mic.close();
      }
      assertEquals(List.of(), TestServers.bowtieModules(server));
      assertFalse(client.sources().stream().anyMatch(s -> s.name().startsWith("bowtie_virtual")));
    }
  }

  @Test
  void aSecondMicrophoneOfTheSameNameIsRefusedWhileTheFirstIsOpen() throws Exception {
    try (PulseClient client = connect();
        VirtualMicrophone first = VirtualMicrophone.create(client, "Bowtie Twice", 48000)) {
      PulseException e =
          assertThrows(
              PulseException.class, () -> VirtualMicrophone.create(client, "Bowtie Twice", 48000));
      assertEquals("bowtie_twice", first.sourceName());
      assertEquals(
          "a virtual microphone named \"Bowtie Twice\" is already open in Bowtie process "
              + ProcessHandle.current().pid()
              + ": close that Bowtie or choose another name",
          e.getMessage());
      assertEquals(2, TestServers.bowtieModules(server()).size());
    }
    assertEquals(List.of(), TestServers.bowtieModules(server()));
  }

  @Test
  void theModulesOfAKilledBowtieAreRemovedByTheNextOne() throws Exception {
    String server = server();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process holder =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                VirtualMicrophoneHolder.class.getName(),
                server,
                "Bowtie Killed")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("ready", out.readLine());
    } finally {
      holder.destroyForcibly();
      assertTrue(holder.waitFor(10, TimeUnit.SECONDS));
    }
    assertEquals(137, holder.exitValue());
    List<String> left = TestServers.bowtieModules(server);
    assertEquals(2, left.size(), left.toString());
    assertTrue(left.get(0).contains("bowtie.owner.pid=" + holder.pid() + " "), left.toString());

    try (PulseClient client = connect()) {
      try (VirtualMicrophone mic = VirtualMicrophone.create(client, "Bowtie Killed", 48000)) {
        List<String> now = TestServers.bowtieModules(server);
        assertEquals(2, now.size(), now.toString());
        String self = "bowtie.owner.pid=" + ProcessHandle.current().pid() + " ";
        assertTrue(now.stream().allMatch(l -> l.contains(self)), now.toString());
        assertEquals("bowtie_killed", mic.sourceName());
      }
      assertEquals(List.of(), TestServers.bowtieModules(server));
    }
  }
}
