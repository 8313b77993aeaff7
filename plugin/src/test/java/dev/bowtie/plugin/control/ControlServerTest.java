package dev.bowtie.plugin.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bowtie.realtime.device.RuntimeFolder;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control socket with real Unix domain connections: modes, stale sockets, bad clients. */
class ControlServerTest {
  @TempDir Path runtime;
  private Path socket;

  /** Echoes a line in upper case; "boom" throws as a buggy handler would. */
  private static String echo(String line) {
    if (line.equals("boom")) {
      throw new IllegalStateException("the handler failed");
    }
    return line.toUpperCase(java.util.Locale.ROOT);
  }

  @BeforeEach
  void folder() throws Exception {
    socket = ControlSocket.path(Map.of("XDG_RUNTIME_DIR", runtime.toString()));
  }

  @Test
  void shouldAnswerALineOnASocketOnlyItsUserCanReach() throws Exception {
    try (ControlServer server = ControlServer.start(socket, ControlServerTest::echo)) {
      assertEquals(socket, server.socket());
      assertEquals("HELLO THERE", ControlClient.send(socket, "hello there", 2000));
      assertEquals(
          "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
      assertEquals(
          "rwx------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
    }
    assertFalse(Files.exists(socket), "close removes the socket");
  }

  @Test
  void shouldReplaceAStaleSocketAndRefuseASecondServer() throws Exception {
    try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      crashed.bind(UnixDomainSocketAddress.of(socket));
    }
    assertTrue(Files.exists(socket), "a crash leaves the socket file behind");
    ControlException stale =
        assertThrows(ControlException.class, () -> ControlClient.send(socket, "status", 1000));
    assertTrue(
        stale.getMessage().startsWith("no bowtie live answers on " + socket), stale.getMessage());
    try (ControlServer server = ControlServer.start(socket, ControlServerTest::echo)) {
      assertEquals(socket, server.socket());
      assertEquals("UP", ControlClient.send(socket, "up", 2000));
      ControlException second =
          assertThrows(
              ControlException.class, () -> ControlServer.start(socket, ControlServerTest::echo));
      assertEquals(
          "another bowtie live already answers on "
              + socket
              + "; stop it first, or give this one another name",
          second.getMessage());
      assertEquals("STILL", ControlClient.send(socket, "still", 2000), "the first one runs on");
    }
  }

  @Test
  void shouldSayNothingRunsWhenThereIsNoSocket() {
    ControlException e =
        assertThrows(ControlException.class, () -> ControlClient.send(socket, "status", 1000));
    assertEquals(
        "no bowtie live is running (no control socket " + socket + "); start bowtie live first",
        e.getMessage());
  }

  @Test
  void shouldServeOthersWhileAClientStaysSilentThenDropIt() throws Exception {
    try (ControlServer server = ControlServer.start(socket, ControlServerTest::echo);
        SocketChannel silent = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      assertEquals(socket, server.socket());
      assertEquals("FAST", ControlClient.send(socket, "fast", 1000));
      silent.configureBlocking(true);
      long start = System.nanoTime();
      int read = silent.read(ByteBuffer.allocate(16));
      long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertEquals(-1, read, "the server closes a connection that never sends its line");
      assertTrue(
          waitedMillis < ControlServer.CLIENT_TIMEOUT_MILLIS + 2000,
          "closed after about the timeout: " + waitedMillis + " ms");
    }
  }

  @Test
  void shouldRefuseAnOverlongLineAndSurviveAFailingHandler() throws Exception {
    try (ControlServer server = ControlServer.start(socket, ControlServerTest::echo)) {
      assertEquals(socket, server.socket());
      String reply;
      try (SocketChannel flood = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
        flood.write(ByteBuffer.wrap("x".repeat(5000).getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer answer = ByteBuffer.allocate(200);
        while (flood.read(answer) > 0 && answer.get(answer.position() - 1) != '\n') {
          // Reads until the reply's newline.
        }
        reply = new String(answer.array(), 0, answer.position(), StandardCharsets.UTF_8).strip();
      }
      assertEquals("error: a control line is at most 1024 bytes", reply);
      assertEquals("error: the handler failed", ControlClient.send(socket, "boom", 2000));
      assertEquals("OK NOW", ControlClient.send(socket, "ok now", 2000));
    }
  }

  @Test
  void shouldCloseAConnectionFromAnotherUserUnanswered() throws Exception {
    assumeTrue(RuntimeFolder.currentUid() == 0, "switching to another user needs root");
    try (ControlServer server = ControlServer.start(socket, ControlServerTest::echo)) {
      assertEquals(socket, server.socket());
      // Open the folder and socket to everyone, so only the peer check stands in the way.
      Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwxrwxrwx"));
      Files.setPosixFilePermissions(
          socket.getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
      String client =
          "import socket,sys\n"
              + "s=socket.socket(socket.AF_UNIX)\n"
              + "s.connect(sys.argv[1])\n"
              + "try:\n"
              + "  s.sendall(b'hello\\n')\n"
              + "  r=s.recv(100).decode()\n"
              + "except OSError:\n"
              + "  r=''\n"
              + "print('reply:'+r)\n";
      Process nobody =
          new ProcessBuilder(
                  "setpriv",
                  "--reuid=65534",
                  "--regid=65534",
                  "--clear-groups",
                  "/usr/bin/python3",
                  "-c",
                  client,
                  socket.toString())
              .redirectErrorStream(true)
              .start();
      assertTrue(nobody.waitFor(10, TimeUnit.SECONDS));
      String out = new String(nobody.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals("reply:", out.strip(), "another user's connection gets no answer");
      assertEquals("MINE", ControlClient.send(socket, "mine", 2000));
    }
  }

  @Test
  void shouldRefuseASocketFolderOfAnotherUser() throws Exception {
    assumeTrue(RuntimeFolder.currentUid() == 0, "giving a folder away needs root");
    Path planted = runtime.resolve("bowtie");
    Files.createDirectories(planted);
    Files.setAttribute(planted, "unix:uid", 12345);
    ControlException e =
        assertThrows(
            ControlException.class,
            () -> ControlSocket.path(Map.of("XDG_RUNTIME_DIR", runtime.toString())));
    assertEquals(
        planted + " belongs to another user (uid 12345); remove it or set XDG_RUNTIME_DIR",
        e.getMessage());
  }
}
