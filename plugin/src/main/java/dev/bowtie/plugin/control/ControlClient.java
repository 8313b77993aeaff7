package dev.bowtie.plugin.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Sends one control line to a running Bowtie's {@link ControlServer} and returns its one-line
 * reply: what {@code bowtie ctl} does. Stateless; each call opens its own connection.
 */
public final class ControlClient {
  private ControlClient() {}

  /**
   * Sends {@code line} and waits for the reply.
   *
   * @param socket the running Bowtie's control socket
   * @param line one request, such as {@code bypass toggle}
   * @param timeoutMillis how long to wait for the reply
   * @return the reply, without its newline
   * @throws ControlException when nothing runs there, the socket is stale, or no reply came
   */
  public static String send(Path socket, String line, long timeoutMillis) throws ControlException {
    if (!Files.exists(socket)) {
      throw new ControlException(
          "no bowtie live is running (no control socket " + socket + "); start bowtie live first");
    }
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      try {
        channel.connect(UnixDomainSocketAddress.of(socket));
      } catch (IOException e) {
        throw new ControlException(
            "no bowtie live answers on "
                + socket
                + " (left by one that stopped abruptly); start bowtie live first",
            e);
      }
      channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
      return readLine(channel, socket, timeoutMillis);
    } catch (IOException e) {
      throw new ControlException(
          "the connection to " + socket + " broke (" + e.getMessage() + "); try again", e);
    }
  }

  /**
   * @param socket a control socket's path
   * @return true when a running server accepts connections on it
   */
  static boolean answers(Path socket) {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String readLine(SocketChannel channel, Path socket, long timeoutMillis)
      throws IOException, ControlException {
    channel.configureBlocking(false);
    ByteArrayOutputStream reply = new ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(ControlServer.MAX_LINE_BYTES);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    try (Selector selector = Selector.open()) {
      channel.register(selector, SelectionKey.OP_READ);
      while (true) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          throw new ControlException(
              "bowtie live on " + socket + " did not answer within " + timeoutMillis + " ms");
        }
        selector.select(left);
        selector.selectedKeys().clear();
        buffer.clear();
        int n = channel.read(buffer);
        if (n > 0) {
          reply.write(buffer.array(), 0, n);
          String text = reply.toString(StandardCharsets.UTF_8);
          int newline = text.indexOf('\n');
          if (newline >= 0) {
            return text.substring(0, newline);
          }
        } else if (n < 0) {
          throw new ControlException(
              "bowtie live on " + socket + " closed the connection without an answer");
        }
      }
    }
  }
}
