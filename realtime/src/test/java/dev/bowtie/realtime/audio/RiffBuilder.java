package dev.bowtie.realtime.audio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds RIFF/WAVE files chunk by chunk, for headers that sox never writes. */
final class RiffBuilder {
  private final ByteArrayOutputStream chunks = new ByteArrayOutputStream();

  /** Appends a chunk with its pad byte when the body has odd length. */
  RiffBuilder chunk(String id, byte[] body) {
    chunks.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
    chunks.writeBytes(le(4).putInt(body.length).array());
    chunks.writeBytes(body);
    if (body.length % 2 == 1) {
      chunks.write(0);
    }
    return this;
  }

  /** Appends a plain 16-byte {@code fmt } chunk. */
  RiffBuilder fmt(int tag, int channels, int rateHz, int bits) {
    int blockAlign = channels * bits / 8;
    ByteBuffer fmt = le(16);
    fmt.putShort((short) tag).putShort((short) channels).putInt(rateHz);
    fmt.putInt(rateHz * blockAlign).putShort((short) blockAlign).putShort((short) bits);
    return chunk("fmt ", fmt.array());
  }

  /** Appends a 40-byte {@code WAVE_FORMAT_EXTENSIBLE} {@code fmt } chunk. */
  RiffBuilder extensibleFmt(int subFormat, int channels, int rateHz, int bits) {
    int blockAlign = channels * bits / 8;
    ByteBuffer fmt = le(40);
    fmt.putShort((short) 0xFFFE).putShort((short) channels).putInt(rateHz);
    fmt.putInt(rateHz * blockAlign).putShort((short) blockAlign).putShort((short) bits);
    fmt.putShort((short) 22).putShort((short) bits).putInt(channels == 1 ? 4 : 3);
    fmt.putShort((short) subFormat);
    fmt.put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38});
    fmt.put(new byte[] {(byte) 0x9B, 0x71});
    return chunk("fmt ", fmt.array());
  }

  /** The whole file. */
  byte[] build() {
    byte[] body = chunks.toByteArray();
    ByteBuffer file = le(12 + body.length);
    file.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + body.length);
    file.put("WAVE".getBytes(StandardCharsets.US_ASCII)).put(body);
    return file.array();
  }

  /** Little-endian 16-bit samples. */
  static byte[] pcm16(short... samples) {
    ByteBuffer data = le(samples.length * 2);
    for (short s : samples) {
      data.putShort(s);
    }
    return data.array();
  }

  /** Little-endian 32-bit float samples. */
  static byte[] float32(float... samples) {
    ByteBuffer data = le(samples.length * 4);
    for (float s : samples) {
      data.putFloat(s);
    }
    return data.array();
  }

  static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }
}
