package dev.bowtie.realtime.testing;

import dev.bowtie.realtime.model.FrameInference;
import dev.bowtie.realtime.model.VoiceModel;
import java.lang.management.ManagementFactory;

/** Allocation measurements on the current thread, for the neural allocation tests. */
public final class Allocations {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private Allocations() {}

  /** Bytes the current thread has allocated so far ({@code ThreadMXBean}). */
  public static long allocatedByThisThread() {
    return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  /**
   * Bytes one frame's encoder + decoder allocate after warm-up: ONNX Runtime's binding alone, the
   * floor every neural hop pays.
   *
   * @param model the opened pack
   * @return bytes per frame: the least of five windows of 4 000 frames, so a one-off allocation
   *     elsewhere in the JVM (a deoptimisation, say) does not raise the floor
   */
  public static double bytesPerInference(VoiceModel model) throws Exception {
    int order = model.pack().manifest().settings().order();
    try (FrameInference inference = model.newInference()) {
      inference.setSpeaker(model.pack().speakers().get(0).embedding());
      float[] in = new float[order];
      float[] out = new float[order];
      int frames = 20_000;
      for (int i = 0; i < frames; i++) {
        in[i % in.length] = (i % 7) * 0.1f;
        inference.convert(in, out);
      }
      double least = Double.MAX_VALUE;
      int window = frames / 5;
      for (int w = 0; w < 5; w++) {
        long before = allocatedByThisThread();
        for (int i = 0; i < window; i++) {
          in[i % in.length] = (i % 5) * 0.1f;
          inference.convert(in, out);
        }
        least = Math.min(least, (allocatedByThisThread() - before) / (double) window);
      }
      return least;
    }
  }
}
