package dev.bowtie.realtime.model;

import java.util.Arrays;

/**
 * Name and shape of one input or output of an ONNX graph, as a voice pack's {@code model.json}
 * lists it. A dimension of -1 is symbolic (the batch axis, named e.g. {@code "batch"}).
 *
 * <p>Immutable (the shape is copied in and out).
 *
 * @param name tensor name in the graph
 * @param shape dimensions, -1 where symbolic
 */
public record TensorSpec(String name, long[] shape) {
  /** Copies the shape so the record stays immutable. */
  public TensorSpec {
    shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** The last (feature) dimension: every Bowtie tensor is [batch, features]. */
  public int features() {
    return (int) shape[shape.length - 1];
  }

  /** Shape as model.json writes it, e.g. {@code [batch, 24]}. */
  public String describeShape() {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < shape.length; i++) {
      text.append(i > 0 ? ", " : "").append(shape[i] < 0 ? "batch" : Long.toString(shape[i]));
    }
    return text.append(']').toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TensorSpec spec
        && spec.name.equals(name)
        && Arrays.equals(spec.shape, shape);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + " " + describeShape();
  }
}
