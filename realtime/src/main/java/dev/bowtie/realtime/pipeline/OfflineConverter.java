package dev.bowtie.realtime.pipeline;

/**
 * Runs a whole recording at the model rate through a {@link HopProcessor}, as the live loop would,
 * and removes the processor's latency so that the output lines up with the input and has its
 * length.
 */
public final class OfflineConverter {
  private OfflineConverter() {}

  /**
   * @param processor a freshly prepared processor
   * @param input samples at the model rate
   * @return the processed samples, as many as the input, time-aligned with it
   */
  public static float[] convert(HopProcessor processor, float[] input) {
    BlockStream stream = new BlockStream(processor);
    int latency = stream.latencySamples();
    float[] buffer = new float[input.length + latency];
    System.arraycopy(input, 0, buffer, 0, input.length);
    stream.process(buffer, buffer, 0, buffer.length);
    float[] output = new float[input.length];
    System.arraycopy(buffer, latency, output, 0, input.length);
    return output;
  }
}
