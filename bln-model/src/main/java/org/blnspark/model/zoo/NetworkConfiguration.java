package org.blnspark.model.zoo;

import java.util.List;
import java.util.Map;
import org.blnspark.model.BatchLayerNormalization;
import org.blnspark.model.StatisticsAxes;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * A network's configuration of either kind, as DL4J's {@code toJson()} writes it: a
 * {@link MultiLayerConfiguration} or a {@link ComputationGraphConfiguration} with one input and
 * one output. The updater with its schedule, the regularisation and the seed are the file's own.
 */
public sealed interface NetworkConfiguration permits NetworkConfiguration.Layered, NetworkConfiguration.Graph {
  /** Parses DL4J JSON; a graph is told apart by its vertices. */
  static NetworkConfiguration fromJson(String json) {
    if (isGraph(json)) {
      ComputationGraphConfiguration graph = ComputationGraphConfiguration.fromJson(json);
      if (graph.getNetworkInputs() == null || graph.getNetworkInputs().size() != 1
          || graph.getNetworkOutputs() == null || graph.getNetworkOutputs().size() != 1) {
        throw new IllegalArgumentException("the graph needs exactly one input and one output; it has inputs "
            + graph.getNetworkInputs() + " and outputs " + graph.getNetworkOutputs());
      }
      return new Graph(graph);
    }
    return new Layered(MultiLayerConfiguration.fromJson(json));
  }

  /**
   * True for DL4J JSON of a {@link ComputationGraphConfiguration}: it has {@code vertices} at its
   * top level. A search of the text would also find a layer or vertex named "vertices".
   *
   * @throws IllegalArgumentException if {@code json} is not a JSON object
   */
  static boolean isGraph(String json) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON (" + e.getOriginalMessage() + ")", e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    return root.has("vertices");
  }

  /** A new network of this configuration, initialised. */
  Model newNetwork();

  String toJson();

  /**
   * Replaces every normalisation layer, BN, BLN or LN, by {@code normalization}, in place; NONE puts
   * an identity layer there, which keeps the network's shapes. Each new layer is sized by the
   * activations that reach it when a row of {@code features} numbers enters the network.
   *
   * @return the number of layers replaced
   */
  int replaceNormalization(Normalization normalization, StatisticsAxes axes, int features);

  /** True for the layers {@link #replaceNormalization} replaces. */
  static boolean isNormalization(Layer layer) {
    return layer instanceof BatchNormalization || layer instanceof BatchLayerNormalization;
  }

  /** The layer that takes the place of {@code old}, configured as the file configured it, and sized by {@code input}. */
  private static Layer replacement(Layer old, Normalization normalization, StatisticsAxes axes, InputType input) {
    Layer layer = normalization == Normalization.NONE
        ? new ActivationLayer.Builder().activation(Activation.IDENTITY).build()
        : normalization.newLayer(axes, BatchLayerNormalization.DEFAULT_EPS,
        ModelSettings.REFERENCE_BN_DECAY);
    layer.setLayerName(old.getLayerName());
    if (old instanceof BaseLayer from && layer instanceof BaseLayer to) {
      to.setIUpdater(from.getIUpdater());
      to.setBiasUpdater(from.getBiasUpdater());
      to.setGradientNormalization(from.getGradientNormalization());
      to.setGradientNormalizationThreshold(from.getGradientNormalizationThreshold());
    }
    if (layer instanceof FeedForwardLayer sized) {
      sized.setNIn(input, true);
    }
    return layer;
  }

  private static void swap(NeuralNetConfiguration conf, Normalization normalization, StatisticsAxes axes,
                           InputType input) {
    conf.setLayer(replacement(conf.getLayer(), normalization, axes, input));
    // The old layer's parameter names; the new layer's initializer adds its own.
    conf.clearVariables();
  }

  /** A MultiLayerNetwork's configuration. */
  record Layered(MultiLayerConfiguration configuration) implements NetworkConfiguration {
    @Override
    public Model newNetwork() {
      MultiLayerNetwork net = new MultiLayerNetwork(configuration);
      net.init();
      return net;
    }

    @Override
    public String toJson() {
      return configuration.toJson();
    }

    @Override
    public int replaceNormalization(Normalization normalization, StatisticsAxes axes, int features) {
      // A normalisation layer's output type is its input type, after the layer's preprocessor.
      List<InputType> types = configuration.getLayerActivationTypes(InputType.feedForward(features));
      int replaced = 0;
      for (int i = 0; i < configuration.getConfs().size(); i++) {
        NeuralNetConfiguration conf = configuration.getConf(i);
        if (isNormalization(conf.getLayer())) {
          swap(conf, normalization, axes, types.get(i));
          replaced++;
        }
      }
      return replaced;
    }
  }

  /** A ComputationGraph's configuration. */
  record Graph(ComputationGraphConfiguration configuration) implements NetworkConfiguration {
    @Override
    public Model newNetwork() {
      ComputationGraph net = new ComputationGraph(configuration);
      net.init();
      return net;
    }

    @Override
    public String toJson() {
      return configuration.toJson();
    }

    @Override
    public int replaceNormalization(Normalization normalization, StatisticsAxes axes, int features) {
      Map<String, InputType> types = configuration.getLayerActivationTypes(InputType.feedForward(features));
      int replaced = 0;
      for (Map.Entry<String, GraphVertex> vertex : configuration.getVertices().entrySet()) {
        if (vertex.getValue() instanceof LayerVertex layer && isNormalization(layer.getLayerConf().getLayer())) {
          swap(layer.getLayerConf(), normalization, axes, types.get(vertex.getKey()));
          replaced++;
        }
      }
      return replaced;
    }
  }
}
