package dev.bowtie.plugin.control;

import dev.bowtie.realtime.device.RuntimeFolder;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * Listens on a Unix domain socket for control lines from {@code bowtie ctl} (or a hotkey tool) and
 * answers each with one line from a {@link ControlHandler}: one request per connection.
 *
 * <p>The socket is mode 0600 in a {@link RuntimeFolder} of mode 0700, and a connection from a
 * process of another user is closed unanswered. A client can never stall or crash the voice: one
 * thread serves every connection without blocking, a request is at most {@link #MAX_LINE_BYTES}
 * bytes of UTF-8 text, a connection that has not sent its line within {@link
 * #CLIENT_TIMEOUT_MILLIS} is closed, and a handler that throws answers {@code error: ...}. The
 * handler runs on this server's thread, never on an audio thread.
 *
 * <p>A socket file left by a crashed Bowtie (nobody answers on it) is replaced; one that a running
 * Bowtie answers on is refused. Thread rules: {@link #start} and {@link #close} from one thread.
 */
public final class ControlServer implements AutoCloseable {
  /** The longest request line accepted, in bytes, newline included. */
  public static final int MAX_LINE_BYTES = 1024;

  /** How long a connection may take to send its line. */
  public static final long CLIENT_TIMEOUT_MILLIS = 2000;

  private final Path socket;
  private final ControlHandler handler;
  private final ServerSocketChannel server;
  private final Selector selector;
  private final Object boundFile;
  private final Thread thread;
  private volatile boolean running = true;

  private ControlServer(Path socket, ControlHandler handler) throws IOException {
    this.socket = socket;
    this.handler = handler;
    this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(socket));
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
      boundFile = Files.readAttributes(socket, "unix:ino").get("ino");
      server.configureBlocking(false);
      selector = Selector.open();
      server.register(selector, SelectionKey.OP_ACCEPT);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    thread = new Thread(this::serve, "bowtie-control-socket");
    thread.setDaemon(true);
  }

  /**
   * Binds {@code socket} and starts answering.
   *
   * @param socket the socket's path, in a folder only this user can enter
   * @param handler answers each request line
   * @return the running server
   * @throws ControlException when a running Bowtie already answers there, or the socket cannot be
   *     made
   */
  public static ControlServer start(Path socket, ControlHandler handler) throws ControlException {
    if (Files.exists(socket)) {
      if (ControlClient.answers(socket)) {
        throw new ControlException(
            "another bowtie live already answers on "
                + socket
                + "; stop it first, or give this one another name");
      }
      try {
        // A crashed Bowtie's socket: nobody listens on it any more.
        Files.delete(socket);
      } catch (IOException e) {
        throw new ControlException(
            "cannot remove the stale control socket " + socket + " (" + e.getMessage() + ")", e);
      }
    }
    try {
      ControlServer started = new ControlServer(socket, handler);
      started.thread.start();
      return started;
    } catch (IOException e) {
      throw new ControlException(
          "cannot listen on " + socket + " (" + e.getMessage() + "); remote control is off", e);
    }
  }

  /**
   * @return the socket's path
   */
  public Path socket() {
    return socket;
  }

  /** Stops answering and removes the socket file, if it is still this server's. Idempotent. */
  @Override
  public void close() {
    running = false;
    selector.wakeup();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      selector.close();
      server.close();
      Object now = Files.readAttributes(socket, "unix:ino").get("ino");
      if (now.equals(boundFile)) {
        Files.delete(socket);
      }
    } catch (IOException e) {
      // Already gone (a user removed it, say): nothing of ours is left to clean.
    }
  }

  private void serve() {
    try {
      while (running) {
        selector.select(250);
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          if (!key.isValid()) {
            continue;
          }
          if (key.isAcceptable()) {
            accept();
          } else if (key.isReadable()) {
            read(key);
          }
        }
        dropLateClients();
      }
    } catch (IOException | ClosedSelectorException e) {
      // The server is closing; connections close with the selector.
    } finally {
      for (SelectionKey key : selector.keys()) {
        closeQuietly(key);
      }
    }
  }

  private void accept() throws IOException {
    SocketChannel client = server.accept();
    if (client == null) {
      return;
    }
    if (!PeerCheck.sameUser(client)) {
      client.close();
      return;
    }
    client.configureBlocking(false);
    client.register(selector, SelectionKey.OP_READ, new Request());
  }

  private void read(SelectionKey key) {
    SocketChannel client = (SocketChannel) key.channel();
    Request request = (Request) key.attachment();
    try {
      int n = client.read(request.bytes);
      int newline = request.newline();
      if (newline >= 0) {
        answer(client, handle(request.line(newline)));
        closeQuietly(key);
      } else if (!request.bytes.hasRemaining()) {
        answer(client, "error: a control line is at most " + MAX_LINE_BYTES + " bytes");
        closeQuietly(key);
      } else if (n < 0) {
        closeQuietly(key);
      }
    } catch (IOException e) {
      closeQuietly(key);
    }
  }

  private String handle(String line) {
    try {
      String reply = handler.handle(line.strip());
      return reply == null ? "ok" : reply.replace('\n', ' ');
    } catch (RuntimeException e) {
      return "error: " + e.getMessage();
    }
  }

  /** Writes a short reply; a client that does not take it at once loses it. */
  private static void answer(SocketChannel client, String reply) throws IOException {
    client.write(ByteBuffer.wrap((reply + "\n").getBytes(StandardCharsets.UTF_8)));
  }

  private void dropLateClients() {
    long now = System.nanoTime();
    for (SelectionKey key : selector.keys()) {
      if (key.attachment() instanceof Request r && now - r.deadlineNanos > 0) {
        closeQuietly(key);
      }
    }
  }

  private static void closeQuietly(SelectionKey key) {
    key.cancel();
    try {
      key.channel().close();
    } catch (IOException e) {
      // Closing a connection that already failed: nothing more to do.
    }
  }

  /** One connection's request as it arrives. */
  private static final class Request {
    final ByteBuffer bytes = ByteBuffer.allocate(MAX_LINE_BYTES);
    final long deadlineNanos =
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLIENT_TIMEOUT_MILLIS);

    int newline() {
      for (int i = 0; i < bytes.position(); i++) {
        if (bytes.get(i) == '\n') {
          return i;
        }
      }
      return -1;
    }

    String line(int end) {
      return new String(bytes.array(), 0, end, StandardCharsets.UTF_8);
    }
  }
}
