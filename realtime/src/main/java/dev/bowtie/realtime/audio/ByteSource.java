package dev.bowtie.realtime.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;

/**
 * Bytes read in order from a file or a pipe, with the position counted. A file can also be sized
 * and sought; a pipe cannot (its {@link #size()} is -1), so readers that must work on both read
 * forward only and seek only when {@code size() >= 0}.
 *
 * <p>Not thread-safe: one reader.
 */
final class ByteSource implements AutoCloseable {
  private final ReadableByteChannel channel;
  private final FileChannel file;
  private final ByteBuffer discard = ByteBuffer.allocate(8192);
  private long position;

  /** A seekable regular file. */
  ByteSource(FileChannel file) {
    this.channel = file;
    this.file = file;
  }

  /** A stream that can only be read forward. */
  ByteSource(ReadableByteChannel stream) {
    this.channel = stream;
    this.file = null;
  }

  /** Length in bytes of a file; -1 for a stream. */
  long size() throws IOException {
    return file != null ? file.size() : -1;
  }

  /** Bytes read or skipped so far. */
  long position() {
    return position;
  }

  /**
   * Reads until the buffer is full or the source ends.
   *
   * @return bytes read; fewer than the buffer's room only at the end
   */
  int readUpTo(ByteBuffer buffer) throws IOException {
    int total = 0;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer);
      if (n < 0) {
        break;
      }
      total += n;
    }
    position += total;
    return total;
  }

  /** Skips bytes; stops early at the end of a stream. */
  void skip(long bytes) throws IOException {
    if (file != null) {
      seek(position + bytes);
      return;
    }
    for (long left = bytes; left > 0; ) {
      discard.clear().limit((int) Math.min(discard.capacity(), left));
      int n = readUpTo(discard);
      if (n == 0) {
        return;
      }
      left -= n;
    }
  }

  /**
   * Moves to an absolute position.
   *
   * @throws IllegalStateException on a stream
   */
  void seek(long to) throws IOException {
    if (file == null) {
      throw new IllegalStateException("a stream cannot be sought");
    }
    file.position(to);
    position = to;
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // Reading is over; a failure to release the descriptor changes nothing for the user.
    }
  }
}
