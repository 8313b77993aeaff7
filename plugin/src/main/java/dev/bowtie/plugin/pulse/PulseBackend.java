package dev.bowtie.plugin.pulse;

import dev.bowtie.realtime.device.AudioBackend;
import dev.bowtie.realtime.device.AudioDevice;
import dev.bowtie.realtime.device.AudioDeviceException;
import dev.bowtie.realtime.device.CaptureLine;
import dev.bowtie.realtime.device.DeviceKind;
import dev.bowtie.realtime.device.LineFormat;
import dev.bowtie.realtime.device.PlaybackLine;
import java.util.ArrayList;
import java.util.List;

/**
 * Devices through the sound server's own API (PulseAudio, or PipeWire's pulse server): every source
 * and sink by the server's name for it, such as {@code alsa_input.usb-...} or a virtual
 * microphone's sink, with the server's default source and sink listed first of their kind (so the
 * default is what {@link AudioBackend#find} picks with no name). Sink monitors are listed as
 * capture devices after the others, marked {@code [monitor]} in their description. Lines move
 * 32-bit float mono at the device format's rate through {@link PulseStream}; a line whose server
 * went away returns false from read and write.
 *
 * <p>Stateless: each {@link #devices} call opens and closes its own connection. See {@link
 * AudioBackend} for the thread rules.
 */
public final class PulseBackend implements AudioBackend {
  private static final String APPLICATION = "Bowtie";

  @Override
  public String id() {
    return "pulse";
  }

  @Override
  public String description() {
    return "PulseAudio or PipeWire: the sound server's sources and sinks by name";
  }

  @Override
  public List<AudioDevice> devices() throws AudioDeviceException {
    try (PulseClient client = PulseClient.connect(APPLICATION)) {
      PulseClient.ServerInfo server = client.serverInfo();
      List<AudioDevice> devices = new ArrayList<>();
      devices.addAll(listed(client.sources(), server.defaultSource(), DeviceKind.CAPTURE));
      devices.addAll(listed(client.sinks(), server.defaultSink(), DeviceKind.PLAYBACK));
      return devices;
    } catch (PulseException e) {
      throw new AudioDeviceException(e.getMessage(), false, e);
    }
  }

  /** The default device first, then the others in the server's order, then monitors. */
  private static List<AudioDevice> listed(
      List<PulseDevice> found, String defaultName, DeviceKind kind) {
    List<AudioDevice> first = new ArrayList<>();
    List<AudioDevice> rest = new ArrayList<>();
    List<AudioDevice> monitors = new ArrayList<>();
    for (PulseDevice d : found) {
      String description = d.monitor() ? d.description() + " [monitor]" : d.description();
      AudioDevice device = new AudioDevice(d.name(), description, kind, List.of(d.sampleRate()));
      if (d.name().equals(defaultName)) {
        first.add(device);
      } else if (d.monitor()) {
        monitors.add(device);
      } else {
        rest.add(device);
      }
    }
    first.addAll(rest);
    first.addAll(monitors);
    return first;
  }

  @Override
  public CaptureLine openCapture(AudioDevice device, LineFormat format)
      throws AudioDeviceException {
    return open(device, format, PulseStream.Direction.CAPTURE);
  }

  @Override
  public PlaybackLine openPlayback(AudioDevice device, LineFormat format)
      throws AudioDeviceException {
    return open(device, format, PulseStream.Direction.PLAYBACK);
  }

  private static PulseLine open(
      AudioDevice device, LineFormat format, PulseStream.Direction direction)
      throws AudioDeviceException {
    PulseStream.Settings settings =
        new PulseStream.Settings(
            null,
            device.name(),
            format.rateHz(),
            PulseStream.SampleFormat.FLOAT,
            Math.min(format.bufferMillis(), 2000),
            format.blockFrames());
    try {
      return new PulseLine(
          new PulseStream(PulseNative.loadSimple(), direction, settings), direction);
    } catch (PulseException e) {
      throw new AudioDeviceException(e.getMessage(), !listed(device), e);
    }
  }

  /** Whether the server lists the device now: when not, no other buffer would open it. */
  private static boolean listed(AudioDevice device) {
    try (PulseClient client = PulseClient.connect(APPLICATION)) {
      List<PulseDevice> found =
          device.kind() == DeviceKind.CAPTURE ? client.sources() : client.sinks();
      return found.stream().anyMatch(d -> d.name().equals(device.name()));
    } catch (PulseException e) {
      return false;
    }
  }
}
