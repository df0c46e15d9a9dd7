package org.blnspark.model.onnx;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.blnspark.model.BatchLayerNormalizationLayer;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.onnx.proto.OnnxMl.ModelProto;
import org.blnspark.model.onnx.proto.OnnxMl.OperatorSetIdProto;
import org.blnspark.model.onnx.proto.OnnxMl.StringStringEntryProto;
import org.blnspark.model.onnx.proto.OnnxMl.TensorProto;
import org.deeplearning4j.nn.api.Model;

/**
 * Writes a trained network as an ONNX model (opset {@value #OPSET}) that computes what DL4J's
 * {@code output} computes under a batch-independent BLN inference configuration: the same
 * probabilities for an example whatever else is in its batch.
 *
 * <p>The model's inputs are {@value #FEATURES}, float {@code [batch, ...]} in the layout DL4J takes
 * (flat rows for the image models, token ids for the text model). Its outputs are {@value #PROBABILITIES},
 * float {@code [batch, classes]}, and {@value #PREDICTION}, the int64 index of the most probable
 * class. The metadata holds the class labels ({@value #LABELS}, one per line) and the inference
 * configuration ({@value #INFERENCE}).
 *
 * <p>A model scored with a padding mask (token id 0) is exported with it ({@link Options#paddingMask}):
 * the model takes the same rows of token ids and finds each row's real steps itself.
 */
public final class OnnxExport {
  public static final int OPSET = 13;
  /** ONNX IR version 7 is the one of opset 13. */
  static final int IR_VERSION = 7;
  public static final String FEATURES = "features";
  public static final String PROBABILITIES = "probabilities";
  public static final String PREDICTION = "prediction";
  public static final String LABELS = "labels";
  public static final String INFERENCE = "bln.inference";

  /**
   * What to export besides the network.
   *
   * @param inference the BLN inference configuration; must be batch-independent
   * @param labels the class labels, in output order; empty for the class indices
   * @param paddingMask a network that reads token ids was trained and is scored with a features
   *     mask of its real tokens (id 0 is padding, at the front), as the jobs give token sequences
   *     unless {@code --no-mask}; the exported model finds the real tokens itself. Other inputs
   *     have no padding id and ignore it.
   */
  public record Options(StatisticSources inference, List<String> labels, boolean paddingMask) {
    public Options {
      Objects.requireNonNull(inference, "inference");
      labels = List.copyOf(labels);
    }

    /** Without a padding mask. */
    public Options(StatisticSources inference, List<String> labels) {
      this(inference, labels, false);
    }
  }

  private OnnxExport() {}

  /** Writes {@code network} under {@code inference}, with the class indices as labels. */
  public static void write(Model network, StatisticSources inference, OutputStream out) throws IOException {
    write(network, new Options(inference, List.of()), out);
  }

  /**
   * Writes {@code network}. The whole model is built before the first byte is written, so that a
   * network that cannot be exported ({@link UnsupportedNetworkException}) writes nothing.
   */
  public static void write(Model network, Options options, OutputStream out) throws IOException {
    model(network, options).writeTo(out);
  }

  /** The ONNX model of {@code network}. */
  public static ModelProto model(Model network, Options options) {
    if (!options.inference().batchIndependent()) {
      throw new UnsupportedNetworkException("inference configuration " + options.inference() + " depends on the "
          + "batch; ONNX export needs a batch-independent one: " + StatisticSources.batchIndependentOnes().stream()
          .map(StatisticSources::code).collect(Collectors.joining(", ")));
    }
    NetworkWalk walk = NetworkWalk.of(network);
    OnnxGraph graph = new OnnxGraph("bln-spark");
    long[] inputShape = walk.inputShape();
    String features = graph.input(FEATURES, TensorProto.DataType.FLOAT, withBatch(inputShape));
    Translation t = new Translation(graph, options.inference(), masked(walk, options), features, inputShape);
    Value output = walk.translate(new Value(features, walk.inputType()), t);
    long[] outputShape = withBatch(output.type().getShape(false));
    long classes = outputShape[1];
    if (!options.labels().isEmpty() && options.labels().size() != classes) {
      throw new IllegalArgumentException(options.labels().size() + " labels for a network of " + classes
          + " outputs");
    }
    graph.output(output.name(), PROBABILITIES, TensorProto.DataType.FLOAT, outputShape);
    String argMax = graph.node("ArgMax", "argmax", OnnxGraph.of(output.name()), OnnxGraph.attribute("axis", 1L),
        OnnxGraph.attribute("keepdims", 0L));
    long[] predictionShape = new long[outputShape.length - 1];
    predictionShape[0] = -1;
    System.arraycopy(outputShape, 2, predictionShape, 1, outputShape.length - 2);
    graph.output(argMax, PREDICTION, TensorProto.DataType.INT64, predictionShape);

    List<String> labels = new ArrayList<>(options.labels());
    for (int c = labels.size(); c < classes; c++) {
      labels.add(Integer.toString(c));
    }
    return ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("bln-spark")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setDocString(describe(network, options, t.paddingMasked))
        .addMetadataProps(entry(LABELS, String.join("\n", labels)))
        .addMetadataProps(entry(INFERENCE, hasBln(network) ? options.inference().code() : "none"))
        .setGraph(graph.build()).build();
  }

  /** As the jobs mask token ids only: other inputs have no padding id. */
  private static boolean masked(NetworkWalk walk, Options options) {
    return options.paddingMask() && walk.readsTokenIds();
  }

  private static boolean hasBln(Model network) {
    return !BlnNetworks.blnLayers(network).isEmpty();
  }

  private static String describe(Model network, Options options, boolean masked) {
    List<BatchLayerNormalizationLayer> bln = BlnNetworks.blnLayers(network);
    return "Exported by bln-spark. Input '" + FEATURES + "': float [batch, ...], one row per example as DL4J takes "
        + "it. Outputs '" + PROBABILITIES + "' (float [batch, "
        + "classes]) and '" + PREDICTION + "' (int64 class index). " + (masked
        ? "Token id 0 is padding, before the real tokens; it is masked. " : "") + (bln.isEmpty() ? ""
        : bln.size() + " BLN layers under inference configuration " + options.inference().code() + ".");
  }

  private static StringStringEntryProto entry(String key, String value) {
    return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
  }

  private static long[] withBatch(long[] shape) {
    long[] dims = new long[shape.length + 1];
    dims[0] = -1;
    System.arraycopy(shape, 0, dims, 1, shape.length);
    return dims;
  }
}
