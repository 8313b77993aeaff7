package dev.bowtie.plugin.pulse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/** A sine tone to play, and its level and frequency measured in a recording. */
final class Tone {
  static final int RATE = 48000;

  private Tone() {}

  /** Fills {@code block} with the tone from sample {@code start} on. */
  static void fill(float[] block, long start, double hz, float amplitude) {
    for (int i = 0; i < block.length; i++) {
      block[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * (start + i) / RATE));
    }
  }

  /** Reads parec's raw 16-bit little-endian mono output as floats in [-1, 1]. */
  static float[] readS16(Path raw) throws IOException {
    ShortBuffer shorts =
        ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
    float[] out = new float[shorts.remaining()];
    for (int i = 0; i < out.length; i++) {
      out[i] = shorts.get(i) / 32768f;
    }
    return out;
  }

  /**
   * The steady part of a recorded tone: from 0.2 s after the first sample above 0.05 in magnitude,
   * for {@code seconds}.
   *
   * @throws AssertionError when the recording holds no tone that long
   */
  static float[] steadyPart(float[] recording, double seconds) {
    int onset = 0;
    while (onset < recording.length && Math.abs(recording[onset]) <= 0.05f) {
      onset++;
    }
    int from = onset + RATE / 5;
    int to = from + (int) (seconds * RATE);
    if (to > recording.length) {
      throw new AssertionError(
          "no " + seconds + " s of tone: onset at sample " + onset + " of " + recording.length);
    }
    return java.util.Arrays.copyOfRange(recording, from, to);
  }

  static double rms(float[] x) {
    double sum = 0;
    for (float v : x) {
      sum += v * v;
    }
    return Math.sqrt(sum / x.length);
  }

  /** Frequency from the span between the first and last upward zero crossings (interpolated). */
  static double frequency(float[] x) {
    double first = -1;
    double last = -1;
    int crossings = 0;
    for (int i = 1; i < x.length; i++) {
      if (x[i - 1] < 0 && x[i] >= 0) {
        double at = i - 1 + x[i - 1] / (double) (x[i - 1] - x[i]);
        if (first < 0) {
          first = at;
        }
        last = at;
        crossings++;
      }
    }
    return (crossings - 1) * RATE / (last - first);
  }
}
