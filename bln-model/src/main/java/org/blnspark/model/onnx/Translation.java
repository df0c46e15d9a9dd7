package org.blnspark.model.onnx;

import java.util.Arrays;
import org.blnspark.model.StatisticSources;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What every translator of one export shares: the graph being built, the BLN inference configuration, the network's input. */
final class Translation {
  final OnnxGraph graph;
  final StatisticSources inference;
  private final String networkInput;
  private String batchSize;

  Translation(OnnxGraph graph, StatisticSources inference, String networkInput) {
    this.graph = graph;
    this.inference = inference;
    this.networkInput = networkInput;
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
