package dev.bowtie.realtime.bench;

import dev.bowtie.realtime.audio.WavReader;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The sentence bundled with Bowtie, walked through hop by hop, so benchmarks see silence,
 * vowels and fricatives in turn rather than one frame over and over.
 *
 * <p>One benchmark thread at a time.
 */
final class BundledSpeech {
  private final float[] samples;
  private final int hopSamples;
  private int position;

  /**
   * @param hopSamples the hop each {@link #nextHop} advances by
   */
  BundledSpeech(int hopSamples) throws Exception {
    Path copy = Files.createTempFile("bowtie-bench", ".wav");
    try (InputStream in = BundledSpeech.class.getResourceAsStream("/bowtie/samples/sample.wav")) {
      Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
    }
    samples = WavReader.read(copy).downmixToMono();
    Files.delete(copy);
    this.hopSamples = hopSamples;
  }

  /** The whole sentence at 16 kHz. */
  float[] samples() {
    return samples;
  }

  /** Index of the next hop's first sample, wrapping to the start at the end. */
  int nextHop() {
    position += hopSamples;
    if (position + hopSamples > samples.length) {
      position = 0;
    }
    return position;
  }

  /** Copies the next hop into {@code hop}. */
  void nextHop(float[] hop) {
    System.arraycopy(samples, nextHop(), hop, 0, hop.length);
  }
}
