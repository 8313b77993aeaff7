package dev.bowtie.plugin.pulse;

/**
 * Test helper run as a separate JVM: opens a virtual microphone, prints {@code ready}, and waits to
 * be killed, so a test can leave stale modules behind as a crashed Bowtie would.
 *
 * <p>Arguments: server address, microphone name.
 */
public final class VirtualMicrophoneHolder {
  private VirtualMicrophoneHolder() {}

  public static void main(String[] args) throws Exception {
    PulseClient client = new PulseClient(PulseNative.loadLibrary(), "Bowtie holder", args[0]);
    VirtualMicrophone.create(client, args[1], 48000);
    System.out.println("ready");
    System.out.flush();
    Thread.sleep(60_000);
  }
}
