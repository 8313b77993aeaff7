package dev.bowtie.realtime.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;

/**
 * The one ONNX Runtime environment of the Bowtie process. ONNX Runtime allows a single environment
 * per process; every session and tensor Bowtie makes belongs to it. It logs errors only, so that
 * ONNX Runtime's graph-optimiser notices do not mix with Bowtie's output.
 *
 * <p>Thread-safe: the environment is created once, lazily, and never closed (ONNX Runtime releases
 * it at process exit).
 */
public final class OnnxEnvironment {
  private OnnxEnvironment() {}

  private static final class Holder {
    static final OrtEnvironment ENVIRONMENT =
        OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "bowtie");
  }

  /** The process-wide environment, created on first use. */
  public static OrtEnvironment get() {
    return Holder.ENVIRONMENT;
  }
}
