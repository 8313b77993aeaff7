package dev.bowtie.realtime.model;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folder ONNX Runtime's loader makes in the temporary folder on every start, even when it loads
 * its libraries from {@code onnxruntime.native.path}. The loader only asks for it to be deleted at
 * JVM exit, which never happens when the process is halted ({@code bowtie live} on a signal) or
 * killed, and happens in an order that leaves the folder behind when it holds files.
 *
 * <p>Not thread-safe; called once, right after ONNX Runtime has loaded.
 */
final class OnnxRuntimeTempFolder {
  private OnnxRuntimeTempFolder() {}

  /**
   * Deletes the two libraries the loader has already loaded from the folder (where the system
   * allows deleting a loaded library), then the folder if it is empty. A folder that still holds
   * provider libraries (a GPU build that had to unpack them) stays, because ONNX Runtime loads
   * those from it later; the loader deletes it at exit.
   */
  static void removeLoadedLibraries() {
    Path folder = folder();
    if (folder == null) {
      return;
    }
    for (String library : new String[] {"onnxruntime", "onnxruntime4j_jni"}) {
      deleteQuietly(folder.resolve(System.mapLibraryName(library)));
    }
    deleteQuietly(folder);
  }

  // The loader keeps the folder in a private field only; nothing public names it. Without it (a
  // different ONNX Runtime version) the folder is left to the loader's own clean-up at exit.
  private static Path folder() {
    try {
      Field field = Class.forName("ai.onnxruntime.OnnxRuntime").getDeclaredField("tempDirectory");
      field.setAccessible(true);
      Object value = field.get(null);
      return value instanceof Path path ? path : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (DirectoryNotEmptyException e) {
      // Provider libraries ONNX Runtime may still load: see removeLoadedLibraries.
    } catch (IOException e) {
      // Windows refuses to delete a loaded library; the loader deletes it at exit.
    }
  }
}
