package dev.bowtie.realtime.model;

/**
 * Where ONNX Runtime runs the voice model, as the user asks for it.
 *
 * <ul>
 *   <li>{@link #CPU}: ONNX Runtime's CPU provider, one thread per stream. The default: for one 5 ms
 *       frame at batch 1 a small model costs microseconds, less than a GPU round trip.
 *   <li>{@link #CUDA}: the CUDA provider of {@code onnxruntime_gpu} (Bowtie built with {@code
 *       -Pgpu}); opening the model fails at start when the provider cannot run.
 *   <li>{@link #AUTO}: CUDA when it can run, otherwise the CPU, saying why.
 * </ul>
 */
public enum InferenceDevice {
  /** ONNX Runtime's CPU execution provider. */
  CPU,
  /** ONNX Runtime's CUDA execution provider (GPU 0). */
  CUDA,
  /** CUDA when available, else the CPU. */
  AUTO
}
