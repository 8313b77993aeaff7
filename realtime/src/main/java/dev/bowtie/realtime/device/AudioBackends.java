package dev.bowtie.realtime.device;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The {@link AudioBackend}s on the class path, found with {@link ServiceLoader} (each lists itself
 * in {@code META-INF/services/dev.bowtie.realtime.device.AudioBackend}).
 *
 * <p>Thread rules: any control thread.
 */
public final class AudioBackends {
  private AudioBackends() {}

  /**
   * @return every backend, in class-path order
   */
  public static List<AudioBackend> all() {
    List<AudioBackend> found = new ArrayList<>();
    for (AudioBackend backend : ServiceLoader.load(AudioBackend.class)) {
      found.add(backend);
    }
    return found;
  }

  /**
   * @param id a backend's {@link AudioBackend#id}
   * @return that backend
   * @throws AudioDeviceException naming the backends there are, when none has that id
   */
  public static AudioBackend named(String id) throws AudioDeviceException {
    List<String> ids = new ArrayList<>();
    for (AudioBackend backend : all()) {
      if (backend.id().equals(id)) {
        return backend;
      }
      ids.add(backend.id());
    }
    throw new AudioDeviceException(
        "no audio backend '" + id + "'; this Bowtie has: " + String.join(", ", ids), true, null);
  }
}
