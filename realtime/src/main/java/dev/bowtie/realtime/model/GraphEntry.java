package dev.bowtie.realtime.model;

import java.util.List;

/**
 * What a voice pack's {@code model.json} says about one ONNX graph: its file, the file's sha256,
 * and its inputs and outputs.
 *
 * <p>Immutable.
 *
 * @param file file name inside the pack
 * @param sha256 lower-case hex sha256 of the file
 * @param inputs inputs in graph order
 * @param outputs outputs in graph order
 */
public record GraphEntry(
    String file, String sha256, List<TensorSpec> inputs, List<TensorSpec> outputs) {
  /** Copies the lists so the record stays immutable. */
  public GraphEntry {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /** The input called {@code name}, or null. */
  public TensorSpec input(String name) {
    return find(inputs, name);
  }

  /** The output called {@code name}, or null. */
  public TensorSpec output(String name) {
    return find(outputs, name);
  }

  private static TensorSpec find(List<TensorSpec> specs, String name) {
    for (TensorSpec spec : specs) {
      if (spec.name().equals(name)) {
        return spec;
      }
    }
    return null;
  }
}
