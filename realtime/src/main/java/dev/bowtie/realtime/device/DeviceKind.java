package dev.bowtie.realtime.device;

/** Which way audio flows through a device. */
public enum DeviceKind {
  /** A microphone or other input: Java Sound {@code TargetDataLine}. */
  CAPTURE,
  /** Speakers, headphones or a virtual sink: Java Sound {@code SourceDataLine}. */
  PLAYBACK
}
