package dev.bowtie.plugin.pulse;

import org.junit.jupiter.api.Tag;

/** The virtual microphone on the shared PulseAudio test server. */
@Tag("sound-server")
class VirtualMicrophonePulseAudioTest extends VirtualMicrophoneContract {
  @Override
  String server() throws Exception {
    return TestServers.shared();
  }
}
