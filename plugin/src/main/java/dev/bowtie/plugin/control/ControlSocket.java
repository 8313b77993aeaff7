package dev.bowtie.plugin.control;

import dev.bowtie.realtime.device.RuntimeFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a running {@code bowtie live} listens for remote control: {@code live.sock} in the user's
 * {@link RuntimeFolder}, the same path every time, so {@code bowtie ctl} finds it again after a
 * crash.
 */
public final class ControlSocket {
  private ControlSocket() {}

  /**
   * @param environment the process environment ({@code System.getenv()})
   * @return the socket's path
   * @throws ControlException when the runtime folder cannot be used
   */
  public static Path path(Map<String, String> environment) throws ControlException {
    try {
      return RuntimeFolder.forUser(environment).resolve("live.sock");
    } catch (IOException e) {
      throw new ControlException(e.getMessage(), e);
    }
  }
}
