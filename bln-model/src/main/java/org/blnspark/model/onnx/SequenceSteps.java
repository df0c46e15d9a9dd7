package org.blnspark.model.onnx;

import org.blnspark.model.onnx.proto.OnnxMl.TensorProto;

/**
 * Which steps of each sequence are real, from the {@code sequence_lengths} input: sequences are
 * padded at the front (Keras's {@code pad_sequences}, as the datasets are), so the last
 * {@code length} of the {@code T} steps are real. DL4J sees the same as a features mask of
 * {@code [m, T]} with ones at the end of each row.
 *
 * <p>ONNX's LSTM reads the first {@code length} steps of each sequence instead, so the LSTM
 * translation shifts each sequence's real steps to the front before it and back after it.
 */
final class SequenceSteps {
  private final OnnxGraph graph;
  private final String lengths;
  private final long length;
  private String mask;
  private String lengths32;
  private String toFront;
  private String toBack;

  /**
   * @param lengths the int64 {@code [batch]} input
   * @param length T, the steps of every sequence
   */
  SequenceSteps(OnnxGraph graph, String lengths, long length) {
    this.graph = graph;
    this.lengths = lengths;
    this.length = length;
  }

  long length() {
    return length;
  }

  /** The features mask as DL4J has it: float {@code [batch, T]}, 1 for a real step. */
  String mask() {
    if (mask == null) {
      String steps = graph.longs("steps", new long[] {1, length}, range());
      String firstReal = graph.node("Sub", "first_real_step", OnnxGraph.of(graph.longs("T", length), column()));
      String real = graph.node("GreaterOrEqual", "real_steps", OnnxGraph.of(steps, firstReal));
      mask = graph.node("Cast", "mask", OnnxGraph.of(real),
          OnnxGraph.attribute("to", (long) TensorProto.DataType.FLOAT.getNumber()));
    }
    return mask;
  }

  /** The lengths as ONNX's LSTM takes them, int32 {@code [batch]}. */
  String lengths32() {
    if (lengths32 == null) {
      lengths32 = graph.node("Cast", "lengths32", OnnxGraph.of(lengths),
          OnnxGraph.attribute("to", (long) TensorProto.DataType.INT32.getNumber()));
    }
    return lengths32;
  }

  /**
   * For a time-major {@code [T, batch]} tensor, the step each output step reads so that the real
   * steps come first: {@code (t + T - length) mod T}.
   */
  String realStepsFirst() {
    if (toFront == null) {
      String offset = graph.node("Sub", "padding", OnnxGraph.of(graph.longs("T", length), row()));
      toFront = rotation(offset, "to_front");
    }
    return toFront;
  }

  /** The inverse of {@link #realStepsFirst()}: {@code (t + length) mod T}. */
  String realStepsLast() {
    if (toBack == null) {
      toBack = rotation(row(), "to_back");
    }
    return toBack;
  }

  private String rotation(String offset, String hint) {
    String steps = graph.longs("steps", new long[] {length, 1}, range());
    String shifted = graph.node("Add", hint, OnnxGraph.of(steps, offset));
    return graph.node("Mod", hint, OnnxGraph.of(shifted, graph.longs("T", length)));
  }

  /** The lengths as {@code [batch, 1]}. */
  private String column() {
    return graph.node("Unsqueeze", "lengths_column", OnnxGraph.of(lengths, graph.longs("axis", 1)));
  }

  /** The lengths as {@code [1, batch]}. */
  private String row() {
    return graph.node("Unsqueeze", "lengths_row", OnnxGraph.of(lengths, graph.longs("axis", 0)));
  }

  private long[] range() {
    long[] steps = new long[Math.toIntExact(length)];
    for (int t = 0; t < steps.length; t++) {
      steps[t] = t;
    }
    return steps;
  }
}
