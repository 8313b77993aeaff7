package dev.bowtie.plugin.pulse;

/**
 * A {@link VirtualMicrophone} together with the control connection it lives on, for a host that
 * plays into the microphone for as long as it runs (such as {@code bowtie live}): {@link #open}
 * removes stale Bowtie modules and creates it, {@link #close} removes exactly what it created and
 * disconnects.
 *
 * <p>Thread rules: not thread-safe; open and close on one control thread, never on the audio path.
 */
public final class ConnectedVirtualMicrophone implements AutoCloseable {
  /** The rate of the microphone's devices: the sound servers' usual rate, so none resamples. */
  public static final int RATE_HZ = 48000;

  private final PulseClient client;
  private final VirtualMicrophone microphone;

  private ConnectedVirtualMicrophone(PulseClient client, VirtualMicrophone microphone) {
    this.client = client;
    this.microphone = microphone;
  }

  /**
   * Connects to the default sound server and creates the microphone, heard on {@code listenSink}
   * too when asked.
   *
   * @param name what programs show
   * @param listen whether the user also hears the microphone
   * @param listenSink the sink to hear it on, or null for the server's default sink
   * @return the open microphone
   * @throws PulseException when there is no server or client library, the name is unusable or
   *     taken, the sink does not exist, or the server refuses; nothing stays loaded then
   */
  public static ConnectedVirtualMicrophone open(String name, boolean listen, String listenSink)
      throws PulseException {
    PulseClient client = PulseClient.connect("Bowtie");
    VirtualMicrophone microphone = null;
    try {
      microphone = VirtualMicrophone.create(client, name, RATE_HZ);
      if (listen) {
        microphone.listenOn(listenSink);
      }
      return new ConnectedVirtualMicrophone(client, microphone);
    } catch (PulseException | RuntimeException e) {
      if (microphone != null) {
        try {
          microphone.close();
        } catch (PulseException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      client.close();
      throw e;
    }
  }

  /**
   * @return the microphone
   */
  public VirtualMicrophone microphone() {
    return microphone;
  }

  /**
   * Removes the microphone's modules and disconnects, also when the removal fails. A server that
   * went away took the modules with it, so losing the connection is not a failure here.
   *
   * @throws PulseException when the server refuses an unload
   */
  @Override
  public void close() throws PulseException {
    try {
      microphone.close();
    } catch (PulseException e) {
      if (client.connected()) {
        throw e;
      }
    } finally {
      client.close();
    }
  }
}
