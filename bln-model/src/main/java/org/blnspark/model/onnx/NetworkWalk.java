package org.blnspark.model.onnx;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.blnspark.model.BlnNetwork;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Walks a network of either kind in DL4J's order, from its one input to its one output, and has
 * each layer, preprocessor and vertex translated, keeping DL4J's activation type beside each value.
 */
abstract class NetworkWalk {
  /** The layer that reads the network's input. */
  abstract org.deeplearning4j.nn.conf.layers.Layer firstLayer();

  /** The first layer's input preprocessor, or null. */
  abstract InputPreProcessor firstPreprocessor();

  /** The network's input, as DL4J takes it. */
  InputType inputType() {
    return inputTypeOf(firstLayer(), firstPreprocessor());
  }

  /**
   * The shape of the network's input array without the batch dimension: DL4J's shape of
   * {@link #inputType()}, except for token ids, which are {@code [m, T]}.
   */
  long[] inputShape() {
    return shapeOf(firstLayer(), inputType());
  }

  /** True when the network's input is token ids, {@code [m, T]}. */
  boolean readsTokenIds() {
    return firstLayer() instanceof EmbeddingSequenceLayer;
  }

  /** Translates the network from {@code input} and returns its output. */
  abstract Value translate(Value input, Translation t);

  static NetworkWalk of(Model network) {
    return BlnNetwork.of(network).either(LayerWalk::new, GraphWalk::new);
  }

  private static String translateLayer(org.deeplearning4j.nn.conf.layers.Layer configuration, Layer layer,
                                       InputPreProcessor preprocessor, Value input, Translation t) {
    Value in = input;
    if (preprocessor != null) {
      in = new Value(PreprocessorTranslator.translate(preprocessor, input, t, Translation.describe(configuration)),
          preprocessor.getOutputType(input.type()));
    }
    return Translators.of(configuration).translate(configuration, layer, in, t);
  }

  /**
   * DL4J's configurations do not record the network's input type; it is read off the first layer
   * and its preprocessor.
   */
  static InputType inputTypeOf(org.deeplearning4j.nn.conf.layers.Layer first, InputPreProcessor preprocessor) {
    if (preprocessor instanceof FeedForwardToCnnPreProcessor cnn) {
      return InputType.convolutionalFlat(cnn.getInputHeight(), cnn.getInputWidth(), cnn.getNumChannels());
    }
    if (first instanceof EmbeddingSequenceLayer embedding) {
      return InputType.recurrent(1, embedding.getInputLength());
    }
    if (preprocessor == null && (first instanceof DenseLayer || first instanceof OutputLayer)) {
      return InputType.feedForward(((FeedForwardLayer) first).getNIn());
    }
    throw new UnsupportedNetworkException("the network's input shape cannot be told from its first layer, '"
        + first.getLayerName() + "' (" + first.getClass().getSimpleName() + ")");
  }

  /** The input's shape without the batch dimension: token ids are {@code [m, T]}, flat images {@code [m, h·w·c]}. */
  private static long[] shapeOf(org.deeplearning4j.nn.conf.layers.Layer first, InputType type) {
    if (first instanceof EmbeddingSequenceLayer embedding) {
      return new long[] {embedding.getInputLength()};
    }
    return type instanceof InputType.InputTypeConvolutionalFlat flat ? new long[] {flat.getFlattenedSize()}
        : type.getShape(false);
  }

  /** A {@link MultiLayerNetwork}: its layers in order, each after its input preprocessor. */
  private static final class LayerWalk extends NetworkWalk {
    private final MultiLayerNetwork net;
    private final MultiLayerConfiguration conf;

    LayerWalk(MultiLayerNetwork net) {
      this.net = net;
      this.conf = net.getLayerWiseConfigurations();
    }

    @Override
    org.deeplearning4j.nn.conf.layers.Layer firstLayer() {
      return conf.getConf(0).getLayer();
    }

    @Override
    InputPreProcessor firstPreprocessor() {
      return conf.getInputPreProcess(0);
    }

    @Override
    Value translate(Value input, Translation t) {
      Value value = input;
      for (int i = 0; i < net.getnLayers(); i++) {
        org.deeplearning4j.nn.conf.layers.Layer configuration = conf.getConf(i).getLayer();
        InputPreProcessor preprocessor = conf.getInputPreProcess(i);
        InputType in = preprocessor == null ? value.type() : preprocessor.getOutputType(value.type());
        String out = translateLayer(configuration, net.getLayer(i), preprocessor, value, t);
        value = new Value(out, configuration.getOutputType(i, in));
      }
      return value;
    }
  }

  /** A {@link ComputationGraph} with one input and one output, its vertices in DL4J's topological order. */
  private static final class GraphWalk extends NetworkWalk {
    private final ComputationGraph graph;
    private final ComputationGraphConfiguration conf;

    GraphWalk(ComputationGraph graph) {
      this.graph = graph;
      this.conf = graph.getConfiguration();
      if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
        throw new UnsupportedNetworkException("the graph has " + conf.getNetworkInputs().size() + " inputs and "
            + conf.getNetworkOutputs().size() + " outputs; ONNX export needs one of each");
      }
    }

    @Override
    org.deeplearning4j.nn.conf.layers.Layer firstLayer() {
      return firstLayerVertex().getLayerConf().getLayer();
    }

    @Override
    InputPreProcessor firstPreprocessor() {
      return firstLayerVertex().getPreProcessor();
    }

    /** A layer that reads the network's input. */
    private LayerVertex firstLayerVertex() {
      String input = conf.getNetworkInputs().get(0);
      for (var entry : conf.getVertexInputs().entrySet()) {
        if (entry.getValue().contains(input) && conf.getVertices().get(entry.getKey()) instanceof LayerVertex layer) {
          return layer;
        }
      }
      throw new UnsupportedNetworkException("no layer reads the graph's input '" + input + "'");
    }

    @Override
    Value translate(Value input, Translation t) {
      Map<String, Value> values = new HashMap<>();
      values.put(conf.getNetworkInputs().get(0), input);
      org.deeplearning4j.nn.graph.vertex.GraphVertex[] vertices = graph.getVertices();
      for (int index : graph.topologicalSortOrder()) {
        String name = vertices[index].getVertexName();
        if (values.containsKey(name)) {
          continue;
        }
        List<Value> inputs = new ArrayList<>();
        for (String from : conf.getVertexInputs().get(name)) {
          inputs.add(values.get(from));
        }
        GraphVertex vertex = conf.getVertices().get(name);
        InputType[] types = inputs.stream().map(Value::type).toArray(InputType[]::new);
        String out;
        if (vertex instanceof LayerVertex layerVertex) {
          out = translateLayer(layerVertex.getLayerConf().getLayer(), graph.getLayer(name),
              layerVertex.getPreProcessor(), inputs.get(0), t);
        } else if (vertex instanceof ElementWiseVertex elementWise) {
          out = elementWise(name, elementWise, inputs, t);
        } else if (vertex instanceof MergeVertex merge) {
          out = t.graph.node("Concat", name, inputs.stream().map(Value::name).toList(),
              OnnxGraph.attribute("axis", (long) mergeAxis(merge, types[0])));
        } else {
          throw new UnsupportedNetworkException("vertex '" + name + "' (" + vertex.getClass().getSimpleName()
              + ") has no ONNX translation");
        }
        values.put(name, new Value(out, vertex.getOutputType(index, types)));
      }
      return values.get(conf.getNetworkOutputs().get(0));
    }

    private static String elementWise(String name, ElementWiseVertex vertex, List<Value> inputs, Translation t) {
      List<String> names = inputs.stream().map(Value::name).toList();
      ElementWiseVertex.Op op = op(vertex);
      return switch (op) {
        case Add -> t.graph.node("Sum", name, names);
        case Average -> t.graph.node("Mean", name, names);
        case Max -> t.graph.node("Max", name, names);
        case Product -> t.graph.node("Mul", name, names);
        case Subtract -> t.graph.node("Sub", name, names);
      };
    }

    /** DL4J M2 keeps the operation in a protected field without a getter. */
    private static ElementWiseVertex.Op op(ElementWiseVertex vertex) {
      try {
        Field op = ElementWiseVertex.class.getDeclaredField("op");
        op.setAccessible(true);
        return (ElementWiseVertex.Op) op.get(vertex);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("DL4J's ElementWiseVertex has no field 'op' in this version", e);
      }
    }

    /** The feature or channel axis: 1, or the last of NHWC images and NWC sequences. */
    private static int mergeAxis(MergeVertex merge, InputType type) {
      if (type instanceof InputType.InputTypeConvolutional image
          && image.getFormat() == org.deeplearning4j.nn.conf.CNN2DFormat.NHWC) {
        return 3;
      }
      if (type instanceof InputType.InputTypeRecurrent sequence
          && sequence.getFormat() == org.deeplearning4j.nn.conf.RNNFormat.NWC) {
        return 2;
      }
      return merge.getMergeAxis();
    }
  }
}
