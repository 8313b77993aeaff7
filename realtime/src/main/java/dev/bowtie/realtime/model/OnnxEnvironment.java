package dev.bowtie.realtime.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The one ONNX Runtime environment of the Bowtie process. ONNX Runtime allows a single environment
 * per process; every session and tensor Bowtie makes belongs to it. It logs errors only, so that
 * ONNX Runtime's graph-optimiser notices do not mix with Bowtie's output.
 *
 * <p>Starting it loads ONNX Runtime's native libraries from the per-user cache ({@link
 * UserCacheFolder}, sub-folder {@link OnnxNativeLibraries#folderName()}), unpacking them there on
 * first use, so nothing is left in the temporary folder however the process ends. When the cache
 * cannot be written (a read-only home), ONNX Runtime unpacks them into the temporary folder as it
 * does by itself and Bowtie deletes them there as soon as they are loaded. A {@code
 * onnxruntime.native.path} given on the command line is left as it is.
 *
 * <p>{@link #get()} must be called before any other ONNX Runtime class is used: the first one used
 * loads the libraries.
 *
 * <p>Thread-safe: the environment is created once, lazily, and never closed (ONNX Runtime releases
 * it at process exit).
 */
public final class OnnxEnvironment {
  private static final String NATIVE_PATH = "onnxruntime.native.path";

  private OnnxEnvironment() {}

  private static final class Holder {
    static final OrtEnvironment ENVIRONMENT = start();
  }

  /** The process-wide environment, created on first use. */
  public static OrtEnvironment get() {
    return Holder.ENVIRONMENT;
  }

  private static OrtEnvironment start() {
    if (System.getProperty(NATIVE_PATH) == null) {
      useCachedLibraries();
    }
    OrtEnvironment environment =
        OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "bowtie");
    OnnxRuntimeTempFolder.removeLoadedLibraries();
    return environment;
  }

  private static void useCachedLibraries() {
    try {
      Path folder = UserCacheFolder.current().resolve(OnnxNativeLibraries.folderName());
      OnnxNativeLibraries.install(folder);
      System.setProperty(NATIVE_PATH, folder.toString());
    } catch (IOException | InvalidPathException e) {
      // No usable cache: ONNX Runtime unpacks into the temporary folder, and
      // removeLoadedLibraries clears that. Only start-up is slower, so nothing is printed.
    }
  }
}
