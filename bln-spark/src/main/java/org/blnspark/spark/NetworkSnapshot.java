package org.blnspark.spark;

import java.io.Serializable;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network of either kind as executors receive it: its configuration as DL4J JSON and a copy of
 * its parameters, the BLN layers' learned state among them.
 */
final class NetworkSnapshot implements Serializable {
  private static final long serialVersionUID = 2L;

  private final boolean graph;
  private final String configurationJson;
  private final INDArray parameters;

  private NetworkSnapshot(boolean graph, String configurationJson, INDArray parameters) {
    this.graph = graph;
    this.configurationJson = configurationJson;
    this.parameters = parameters;
  }

  static NetworkSnapshot of(Model net) {
    if (net instanceof ComputationGraph g) {
      return new NetworkSnapshot(true, g.getConfiguration().toJson(), g.params().dup());
    }
    MultiLayerNetwork mln = (MultiLayerNetwork) net;
    return new NetworkSnapshot(false, mln.getLayerWiseConfigurations().toJson(), mln.params().dup());
  }

  /** A private copy, so that tasks sharing one executor JVM never share parameters or state. */
  Model restore() {
    if (graph) {
      ComputationGraph net = new ComputationGraph(ComputationGraphConfiguration.fromJson(configurationJson));
      net.init(parameters, true);
      return net;
    }
    MultiLayerNetwork net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(configurationJson));
    net.init(parameters, true);
    return net;
  }
}
