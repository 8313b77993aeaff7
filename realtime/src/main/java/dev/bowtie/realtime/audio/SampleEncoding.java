package dev.bowtie.realtime.audio;

/**
 * How a WAV file stores each sample: the encodings Bowtie reads and writes. Integer encodings map
 * full scale to [-1, 1); float encodings store the value itself.
 */
public enum SampleEncoding {
  /** 16-bit signed integer PCM. */
  PCM_16(16, false),
  /** 24-bit signed integer PCM, packed in three bytes. */
  PCM_24(24, false),
  /** 32-bit signed integer PCM. */
  PCM_32(32, false),
  /** 32-bit IEEE 754 float. */
  FLOAT_32(32, true),
  /** 64-bit IEEE 754 float. */
  FLOAT_64(64, true);

  private final int bitsPerSample;
  private final boolean floatingPoint;

  SampleEncoding(int bitsPerSample, boolean floatingPoint) {
    this.bitsPerSample = bitsPerSample;
    this.floatingPoint = floatingPoint;
  }

  /** Bits one sample of one channel occupies in the file. */
  public int bitsPerSample() {
    return bitsPerSample;
  }

  /** Bytes one sample of one channel occupies in the file. */
  public int bytesPerSample() {
    return bitsPerSample / 8;
  }

  /** True for IEEE float encodings, false for integer PCM. */
  public boolean isFloatingPoint() {
    return floatingPoint;
  }

  /** Words a user recognises, such as "16-bit integer PCM". */
  public String description() {
    return bitsPerSample + (floatingPoint ? "-bit float" : "-bit integer PCM");
  }
}
