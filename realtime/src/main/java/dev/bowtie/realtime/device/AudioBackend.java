package dev.bowtie.realtime.device;

import java.util.List;

/**
 * A way to reach sound devices (Java Sound, the sound server's own API, ...): it lists devices and
 * opens blocking capture and playback lines on them, which the live loop's two device threads drive
 * ({@link DeviceLoop}). Implementations are found with {@link java.util.ServiceLoader} ({@link
 * AudioBackends}), so a host adds one by putting it on the class path.
 *
 * <p>Thread rules: every method from a control thread, never from the audio path; the lines it
 * opens belong to one device thread each.
 */
public interface AudioBackend {
  /**
   * @return the short name users choose it by, such as {@code javasound} or {@code pulse}
   */
  String id();

  /**
   * @return one line for people: what it reaches
   */
  String description();

  /**
   * @return every capture and playback device it can open now
   * @throws AudioDeviceException when the devices cannot be listed (no sound server, say)
   */
  List<AudioDevice> devices() throws AudioDeviceException;

  /**
   * Picks a device by name: an exact name, or else the only device whose name or description
   * contains {@code name} (case-insensitive). With no name, the default device of that kind.
   *
   * @param kind capture or playback
   * @param name the device asked for, or null for the default
   * @return the device
   * @throws AudioDeviceException when none or several match; the message lists the devices
   */
  default AudioDevice find(DeviceKind kind, String name) throws AudioDeviceException {
    return AudioDevice.pick(devices(), kind, name);
  }

  /**
   * Opens a capture line.
   *
   * @param device a device of kind {@link DeviceKind#CAPTURE} from {@link #devices}
   * @param format rate, block and buffer
   * @return the open line, not yet started
   * @throws AudioDeviceException naming the device when it is gone or cannot be opened
   */
  CaptureLine openCapture(AudioDevice device, LineFormat format) throws AudioDeviceException;

  /**
   * Opens a playback line.
   *
   * @param device a device of kind {@link DeviceKind#PLAYBACK} from {@link #devices}
   * @param format rate, block and buffer
   * @return the open line, not yet started
   * @throws AudioDeviceException naming the device when it is gone or cannot be opened
   */
  PlaybackLine openPlayback(AudioDevice device, LineFormat format) throws AudioDeviceException;
}
