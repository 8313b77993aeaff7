package dev.bowtie.plugin.javasound;

/**
 * Converts between 16-bit signed little-endian PCM bytes and float samples in [-1, 1]. Plain
 * functions over caller-owned arrays, so the device threads convert without allocating.
 */
final class Pcm16 {
  private Pcm16() {}

  static void toFloats(byte[] bytes, float[] samples, int frames) {
    for (int i = 0; i < frames; i++) {
      int lo = bytes[2 * i] & 0xff;
      int hi = bytes[2 * i + 1];
      samples[i] = (short) ((hi << 8) | lo) / 32768f;
    }
  }

  static void toBytes(float[] samples, byte[] bytes, int frames) {
    for (int i = 0; i < frames; i++) {
      float x = samples[i];
      int v = Math.round((x > 1f ? 1f : x < -1f ? -1f : x) * 32767f);
      bytes[2 * i] = (byte) v;
      bytes[2 * i + 1] = (byte) (v >> 8);
    }
  }
}
