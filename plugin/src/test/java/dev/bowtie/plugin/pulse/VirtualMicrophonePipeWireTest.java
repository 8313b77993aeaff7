package dev.bowtie.plugin.pulse;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;

/**
 * The virtual microphone on a private headless PipeWire through pipewire-pulse; skipped where
 * PipeWire is not installed.
 */
@Tag("sound-server")
class VirtualMicrophonePipeWireTest extends VirtualMicrophoneContract {
  private static TestServers.PipeWire pipeWire;

  @Override
  String server() throws Exception {
    if (pipeWire == null) {
      pipeWire = new TestServers.PipeWire();
    }
    return pipeWire.server;
  }

  @AfterAll
  static void stop() throws IOException {
    if (pipeWire != null) {
      pipeWire.close();
    }
  }
}
