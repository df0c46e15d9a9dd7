package org.blnspark.model;

import java.util.function.Function;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A DL4J network of either kind, a {@link MultiLayerNetwork} or a {@link ComputationGraph} with
 * one input and one output, asked once which it is: DL4J gives the two no common type for their
 * layers, output, score, configuration or updater. Code that must do different work for each
 * (DL4J's Spark wrappers fit a graph on MultiDataSets) asks {@link #either}.
 */
public sealed interface BlnNetwork permits BlnNetwork.Layered, BlnNetwork.Graph {
  /** The network in {@code network}, which must be one of DL4J's two kinds. */
  static BlnNetwork of(Model network) {
    if (network instanceof ComputationGraph graph) {
      return new Graph(graph);
    }
    if (network instanceof MultiLayerNetwork layered) {
      return new Layered(layered);
    }
    throw new IllegalArgumentException("not a MultiLayerNetwork or ComputationGraph: " + network.getClass().getName());
  }

  /**
   * A network of the kind {@code graph} says, from its configuration's DL4J JSON and a copy of its
   * parameters, so that networks restored from one array never share parameters or state.
   */
  static BlnNetwork restore(boolean graph, String configurationJson, INDArray parameters) {
    if (graph) {
      ComputationGraph net = new ComputationGraph(ComputationGraphConfiguration.fromJson(configurationJson));
      net.init(parameters, true);
      return new Graph(net);
    }
    MultiLayerNetwork net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(configurationJson));
    net.init(parameters, true);
    return new Layered(net);
  }

  /** The DL4J network itself. */
  Model model();

  /**
   * What {@code layered} or {@code graph} gives for this network, whichever kind it is: Java 17 has
   * no switch over a sealed type's cases.
   */
  <T> T either(Function<MultiLayerNetwork, T> layered, Function<ComputationGraph, T> graph);

  /** True for a {@link Graph}, as {@link #restore} takes it. */
  default boolean graph() {
    return this instanceof Graph;
  }

  /** Every layer, in the network's order (a graph's topological order). */
  default Layer[] layers() {
    return either(MultiLayerNetwork::getLayers, ComputationGraph::getLayers);
  }

  /** The layer of that name, or null. */
  default Layer layerOrNull(String name) {
    return either(net -> net.getLayer(name), net -> net.getLayer(name));
  }

  /** The network's output for one batch, as DL4J computes it; {@code featuresMask} may be null. */
  default INDArray output(INDArray features, INDArray featuresMask, boolean training) {
    return either(net -> net.output(features, training, featuresMask, null), net -> net.output(training,
        new INDArray[] {features}, featuresMask == null ? null : new INDArray[] {featuresMask})[0]);
  }

  /** The output layer; a graph must have exactly one. */
  default Layer outputLayer() {
    return either(MultiLayerNetwork::getOutputLayer, net -> {
      if (net.getNumOutputArrays() != 1) {
        throw new IllegalArgumentException("the graph has " + net.getNumOutputArrays() + " outputs; one is needed");
      }
      return net.getOutputLayer(0);
    });
  }

  /** DL4J's score of one batch at inference: the mean loss per example, regularisation included. */
  default double score(DataSet batch) {
    return either(net -> net.score(batch, false), net -> net.score(batch, false));
  }

  /** The configuration as DL4J JSON. */
  default String configurationJson() {
    return either(net -> net.getLayerWiseConfigurations().toJson(), net -> net.getConfiguration().toJson());
  }

  /** The iteration count, which DL4J keeps in the configuration: Adam's bias correction and schedules read it. */
  default int iterationCount() {
    return either(net -> net.getLayerWiseConfigurations().getIterationCount(),
        net -> net.getConfiguration().getIterationCount());
  }

  /** The epoch count, kept beside the iteration count. */
  default int epochCount() {
    return either(net -> net.getLayerWiseConfigurations().getEpochCount(),
        net -> net.getConfiguration().getEpochCount());
  }

  /** Sets both counts, as a worker must to train from the driver's. */
  default void setCounts(int iteration, int epoch) {
    either(net -> {
      net.getLayerWiseConfigurations().setIterationCount(iteration);
      net.getLayerWiseConfigurations().setEpochCount(epoch);
      return null;
    }, net -> {
      net.getConfiguration().setIterationCount(iteration);
      net.getConfiguration().setEpochCount(epoch);
      return null;
    });
  }

  /**
   * The updater's state view, which DL4J creates with the updater on first use; null when the
   * updater keeps no state (plain SGD).
   */
  default INDArray updaterState() {
    INDArray state = either(net -> net.getUpdater().getStateViewArray(),
        net -> net.getUpdater().getStateViewArray());
    return state == null || state.isEmpty() ? null : state;
  }

  /** A {@link MultiLayerNetwork}. */
  record Layered(MultiLayerNetwork net) implements BlnNetwork {
    @Override
    public Model model() {
      return net;
    }

    @Override
    public <T> T either(Function<MultiLayerNetwork, T> layered, Function<ComputationGraph, T> graph) {
      return layered.apply(net);
    }
  }

  /** A {@link ComputationGraph} with one input and one output. */
  record Graph(ComputationGraph net) implements BlnNetwork {
    @Override
    public Model model() {
      return net;
    }

    @Override
    public <T> T either(Function<MultiLayerNetwork, T> layered, Function<ComputationGraph, T> graph) {
      return graph.apply(net);
    }
  }
}
