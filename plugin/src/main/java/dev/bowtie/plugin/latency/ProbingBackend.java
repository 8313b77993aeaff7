package dev.bowtie.plugin.latency;

import dev.bowtie.realtime.device.AudioBackend;
import dev.bowtie.realtime.device.AudioDevice;
import dev.bowtie.realtime.device.AudioDeviceException;
import dev.bowtie.realtime.device.CaptureLine;
import dev.bowtie.realtime.device.LineFormat;
import dev.bowtie.realtime.device.PlaybackLine;
import java.util.List;

/**
 * An {@link AudioBackend} that opens the lines of another and hands every block its capture lines
 * read to a {@link ProbeInjector}, so a live session on it hears the probes instead of the
 * microphone. Playback is untouched.
 *
 * <p>Thread rules: as {@link AudioBackend}; the capture lines it opens run the injector on their
 * device thread.
 */
public final class ProbingBackend implements AudioBackend {
  private final AudioBackend devices;
  private final ProbeInjector injector;

  /**
   * @param devices the backend that reaches the user's devices
   * @param injector what the capture lines feed
   */
  public ProbingBackend(AudioBackend devices, ProbeInjector injector) {
    this.devices = devices;
    this.injector = injector;
  }

  @Override
  public String id() {
    return devices.id();
  }

  @Override
  public String description() {
    return devices.description();
  }

  @Override
  public List<AudioDevice> devices() throws AudioDeviceException {
    return devices.devices();
  }

  @Override
  public CaptureLine openCapture(AudioDevice device, LineFormat format)
      throws AudioDeviceException {
    CaptureLine line = devices.openCapture(device, format);
    return new CaptureLine() {
      @Override
      public void start() {
        line.start();
      }

      @Override
      public boolean read(float[] block, int frames) {
        if (!line.read(block, frames)) {
          return false;
        }
        injector.onBlock(block, frames);
        return true;
      }

      @Override
      public void close() {
        line.close();
      }
    };
  }

  @Override
  public PlaybackLine openPlayback(AudioDevice device, LineFormat format)
      throws AudioDeviceException {
    return devices.openPlayback(device, format);
  }
}
