package org.blnspark.model.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.blnspark.model.BatchLayerNormalization;
import org.blnspark.model.Mixing;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One training forward + backward pass of a normalisation layer, in float32 as networks train:
 * BLN against DL4J's native BatchNormalization (the anchor) and layer normalisation. Run with
 * bin/bench-layer; ratios between the norms of one run are what it reports.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LayerBenchmark {
  /** The paper's shapes: CNN after each pooling, the dense layers, the LSTM output; and m = 1 and 64. */
  @Param({"25x6x14x14", "25x16x5x5", "25x120", "25x84", "25x128x80", "1x120", "64x120", "1x6x14x14", "64x6x14x14"})
  public String shape;

  @Param({"BLN", "BN", "LN"})
  public String norm;

  private Layer layer;
  private INDArray input;
  private INDArray gradient;
  private final LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.noWorkspaces();

  @Setup
  public void setUp() {
    long[] dims = Arrays.stream(shape.split("x")).mapToLong(Long::parseLong).toArray();
    // DL4J's BatchNormalization has no recurrent mode: as in the text model, it sees [m·T, d].
    if (norm.equals("BN") && dims.length == 3) {
      dims = new long[] {dims[0] * dims[2], dims[1]};
    }
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list()
        .layer(layerConfiguration())
        .setInputType(inputType(dims))
        .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    net.initGradientsView();
    layer = net.getLayer(0);
    Nd4j.getRandom().setSeed(1);
    input = Nd4j.randn(DataType.FLOAT, dims);
    gradient = Nd4j.randn(DataType.FLOAT, dims);
  }

  private org.deeplearning4j.nn.conf.layers.Layer layerConfiguration() {
    return switch (norm) {
      case "BLN" -> new BatchLayerNormalization.Builder().build();
      case "LN" -> new BatchLayerNormalization.Builder().mixing(Mixing.LAYER).build();
      case "BN" -> new BatchNormalization.Builder().build();
      default -> throw new IllegalArgumentException("unknown norm " + norm);
    };
  }

  private static InputType inputType(long[] dims) {
    return switch (dims.length) {
      case 2 -> InputType.feedForward(dims[1]);
      case 3 -> InputType.recurrent(dims[1], dims[2]);
      default -> InputType.convolutional(dims[2], dims[3], dims[1]);
    };
  }

  @Benchmark
  public Pair<?, INDArray> forwardBackward() {
    layer.setInput(input, workspaces);
    layer.activate(true, workspaces);
    return layer.backpropGradient(gradient, workspaces);
  }
}
