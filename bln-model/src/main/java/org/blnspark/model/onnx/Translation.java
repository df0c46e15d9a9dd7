package org.blnspark.model.onnx;

import java.util.Arrays;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.TokenPadding;
import org.blnspark.model.onnx.proto.OnnxMl.TensorProto;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What every translator of one export shares: the graph being built, the BLN inference configuration, the network's input. */
final class Translation {
  final OnnxGraph graph;
  final StatisticSources inference;
  /** Token id 0 is padding, which DL4J was given a features mask for: see {@link #sequenceLengths()}. */
  final boolean paddingMasked;
  private final String networkInput;
  /** The network input's shape without the batch dimension. */
  private final long[] networkInputShape;
  private String batchSize;
  private String sequenceMask;
  private String sequenceLengths;

  Translation(OnnxGraph graph, StatisticSources inference, boolean paddingMasked, String networkInput,
              long[] networkInputShape) {
    this.graph = graph;
    this.inference = inference;
    this.paddingMasked = paddingMasked;
    this.networkInput = networkInput;
    this.networkInputShape = networkInputShape.clone();
  }

  /** The number of examples in the call, as a one-element int64 tensor (for reshapes that keep the batch). */
  String batchSize() {
    if (batchSize == null) {
      String shape = graph.node("Shape", "input_shape", OnnxGraph.of(networkInput));
      batchSize = graph.node("Slice", "batch_size", OnnxGraph.of(shape, graph.longs("zero", 0),
          graph.longs("one", 1)));
    }
    return batchSize;
  }

  /**
   * Under a padding mask, the features mask DL4J is given, float {@code [m, T]}, made from the
   * network's input of token ids {@code [m, T]} as {@link TokenPadding#mask} makes it: 1 where the
   * id is not padding, and the last step of a row of padding.
   */
  String sequenceMask() {
    if (sequenceMask == null) {
      String padding = graph.node("Equal", "padding", OnnxGraph.of(networkInput,
          graph.scalar("padding_id", TokenPadding.PADDING_ID)));
      String real = graph.node("Cast", "real_token", OnnxGraph.of(graph.node("Not", "not_padding",
          OnnxGraph.of(padding))), OnnxGraph.attribute("to", (long) TensorProto.DataType.FLOAT.getNumber()));
      String any = graph.node("ReduceMax", "any_real_token", OnnxGraph.of(real), OnnxGraph.attribute("axes", new long[] {1}),
          OnnxGraph.attribute("keepdims", 1L));
      int steps = Math.toIntExact(networkInputShape[networkInputShape.length - 1]);
      float[] last = new float[steps];
      last[steps - 1] = 1;
      String lastIfNone = graph.node("Mul", "last_step_if_none", OnnxGraph.of(graph.node("Sub", "no_real_token",
          OnnxGraph.of(graph.scalar("one", 1), any)), graph.floats("last_step", Translation.dims(steps), last)));
      sequenceMask = graph.node("Max", "sequence_mask", OnnxGraph.of(real, lastIfNone));
    }
    return sequenceMask;
  }

  /**
   * The real steps of each example, int64 {@code [m]}: the ones of {@link #sequenceMask()}. The
   * rows are padded at the front, as 'bln prepare' writes them, so the real steps are the last ones.
   */
  String sequenceLengths() {
    if (sequenceLengths == null) {
      sequenceLengths = graph.node("Cast", "sequence_lengths", OnnxGraph.of(graph.node("ReduceSum", "real_steps",
          OnnxGraph.of(sequenceMask(), graph.longs("step_axis", 1)), OnnxGraph.attribute("keepdims", 0L))),
          OnnxGraph.attribute("to", (long) TensorProto.DataType.INT64.getNumber()));
    }
    return sequenceLengths;
  }

  /**
   * A sequence {@code [m, d, T]} ({@code [m, T, d]} when {@code stepsFirst}) with its padded steps
   * set to 0, as the DL4J layers that take the mask write them (embedding, BLN).
   */
  String zeroPadding(String sequence, boolean stepsFirst, String hint) {
    String mask = graph.node("Unsqueeze", hint + "_mask", OnnxGraph.of(sequenceMask(),
        graph.longs("feature_axis", stepsFirst ? 2 : 1)));
    return graph.node("Mul", hint + "_masked", OnnxGraph.of(sequence, mask));
  }

  /**
   * A time-major sequence {@code [T, m, ...]} padded at the front as padded at the end, the real
   * steps first and in order, as ONNX's recurrent operators take {@code sequence_lens}: the whole
   * sequence reversed, then its first (real) steps reversed back.
   */
  String realStepsFirst(String timeMajor) {
    return graph.node("ReverseSequence", timeMajor + "_real_first", OnnxGraph.of(backwards(timeMajor),
        sequenceLengths()), OnnxGraph.attribute("batch_axis", 1L), OnnxGraph.attribute("time_axis", 0L));
  }

  /** The inverse of {@link #realStepsFirst}: a sequence padded at the end as padded at the front. */
  String realStepsLast(String timeMajor) {
    return backwards(graph.node("ReverseSequence", timeMajor + "_real_reversed", OnnxGraph.of(timeMajor,
        sequenceLengths()), OnnxGraph.attribute("batch_axis", 1L), OnnxGraph.attribute("time_axis", 0L)));
  }

  /** A time-major sequence, last step first. */
  private String backwards(String timeMajor) {
    return graph.node("Slice", timeMajor + "_backwards", OnnxGraph.of(timeMajor, graph.longs("last", -1),
        graph.longs("before_first", Long.MIN_VALUE), graph.longs("time_axis", 0), graph.longs("backwards", -1)));
  }

  /** A layer's parameter as floats, row-major, with its DL4J shape. */
  static float[] floats(Layer layer, String param) {
    INDArray values = layer.getParam(param);
    if (values == null) {
      throw new IllegalStateException(describe(layer.conf().getLayer()) + " has no parameter " + param);
    }
    return values.castTo(DataType.FLOAT).dup('c').data().asFloat();
  }

  /** How messages name a layer: its name and configuration type. */
  static String describe(org.deeplearning4j.nn.conf.layers.Layer conf) {
    return "layer '" + conf.getLayerName() + "' (" + conf.getClass().getSimpleName() + ")";
  }

  static long[] dims(long... dims) {
    return Arrays.copyOf(dims, dims.length);
  }
}
