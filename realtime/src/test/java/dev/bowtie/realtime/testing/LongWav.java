package dev.bowtie.realtime.testing;

import dev.bowtie.realtime.audio.OutputFile;
import dev.bowtie.realtime.audio.SampleEncoding;
import dev.bowtie.realtime.audio.WavWriter;
import java.nio.file.Path;
import java.util.Arrays;

/** Long 16-bit test recordings written block by block, so that their length costs no memory. */
public final class LongWav {
  private static final int BLOCK = 8192;

  private LongWav() {}

  /**
   * Writes a tone gliding between 150 and 450 Hz at -10 dBFS, the same on every channel.
   *
   * @param file the wav to write
   * @param seconds length
   * @param rateHz sample rate
   * @param channels 1 or 2
   * @return frames written
   */
  public static long write(Path file, int seconds, int rateHz, int channels) throws Exception {
    long frames = (long) seconds * rateHz;
    float[] block = new float[BLOCK];
    float[][] all = new float[channels][];
    Arrays.fill(all, block);
    double phase = 0;
    try (WavWriter writer =
        WavWriter.open(
            OutputFile.open(file, OutputFile.Existing.REPLACE),
            channels,
            rateHz,
            SampleEncoding.PCM_16,
            frames)) {
      for (long done = 0; done < frames; ) {
        int n = (int) Math.min(BLOCK, frames - done);
        for (int i = 0; i < n; i++) {
          double t = (done + i) / (double) rateHz;
          phase += 2 * Math.PI * (300 + 150 * Math.sin(2 * Math.PI * 0.5 * t)) / rateHz;
          block[i] = (float) (0.3 * Math.sin(phase));
        }
        writer.write(all, 0, n);
        done += n;
      }
      writer.finish();
    }
    return frames;
  }
}
