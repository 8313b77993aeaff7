package dev.bowtie.realtime.audio;

import java.util.Arrays;

/**
 * Audio decoded from a file, or about to be written to one: one float array per channel, all the
 * same length, with the sample rate and the encoding the file used.
 *
 * <p>Integer encodings decode to [-1, 1); float files keep the values they store, which may exceed
 * 1 when the file itself was clipped. The arrays are shared, not copied: the holder of a record
 * owns them and must not change them while others read. Equality is by array identity.
 *
 * @param channels one array of samples per channel (1 or 2 channels), all the same length
 * @param sampleRateHz samples per second per channel
 * @param encoding how the file stores (or will store) each sample
 */
public record DecodedAudio(float[][] channels, int sampleRateHz, SampleEncoding encoding) {

  /**
   * @throws IllegalArgumentException if there are no channels, the channels differ in length, or
   *     the rate is not positive
   */
  public DecodedAudio {
    if (channels.length == 0) {
      throw new IllegalArgumentException("audio needs at least one channel");
    }
    for (float[] channel : channels) {
      if (channel.length != channels[0].length) {
        throw new IllegalArgumentException("channels differ in length");
      }
    }
    if (sampleRateHz <= 0) {
      throw new IllegalArgumentException("sample rate " + sampleRateHz + " Hz is not positive");
    }
  }

  /** Mono audio from one channel of samples. */
  public static DecodedAudio mono(float[] samples, int sampleRateHz, SampleEncoding encoding) {
    return new DecodedAudio(new float[][] {samples}, sampleRateHz, encoding);
  }

  /** Number of channels. */
  public int channelCount() {
    return channels.length;
  }

  /** Samples per channel. */
  public int frames() {
    return channels[0].length;
  }

  /** Length in seconds. */
  public double durationSeconds() {
    return frames() / (double) sampleRateHz;
  }

  /**
   * The mean of the channels, sample by sample. Mono audio returns its own (shared) array; stereo
   * returns a new one.
   */
  public float[] downmixToMono() {
    if (channels.length == 1) {
      return channels[0];
    }
    float[] mono = new float[frames()];
    downmix(channels, 0, mono.length, mono);
    return mono;
  }

  /**
   * The mean of the channels over a block of frames, as {@link #downmixToMono()} computes it, for
   * audio read block by block.
   *
   * @param channels one array per channel
   * @param offset first frame
   * @param count frames
   * @param mono receives the means at indices 0 to {@code count - 1}
   */
  public static void downmix(float[][] channels, int offset, int count, float[] mono) {
    if (channels.length == 1) {
      System.arraycopy(channels[0], offset, mono, 0, count);
      return;
    }
    Arrays.fill(mono, 0, count, 0f);
    float scale = 1.0f / channels.length;
    for (float[] channel : channels) {
      for (int i = 0; i < count; i++) {
        mono[i] += channel[offset + i] * scale;
      }
    }
  }
}
