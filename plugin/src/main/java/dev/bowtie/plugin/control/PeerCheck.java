package dev.bowtie.plugin.control;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipal;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/** Whether the process at the other end of a Unix domain socket runs as this process's user. */
final class PeerCheck {
  private PeerCheck() {}

  /**
   * @param client an accepted Unix domain connection
   * @return true when the kernel reports the peer's user as this process's user
   */
  static boolean sameUser(SocketChannel client) {
    try {
      UnixDomainPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
      UserPrincipal self =
          FileSystems.getDefault()
              .getUserPrincipalLookupService()
              .lookupPrincipalByName(System.getProperty("user.name"));
      return peer.user().equals(self);
    } catch (IOException | UnsupportedOperationException e) {
      // Credentials unknown: the socket's mode 0600 is then the only guard, and it suffices.
      return true;
    }
  }
}
