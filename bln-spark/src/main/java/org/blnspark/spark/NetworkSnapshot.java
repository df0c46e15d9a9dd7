package org.blnspark.spark;

import java.io.Serializable;
import org.blnspark.model.BlnNetwork;
import org.deeplearning4j.nn.api.Model;
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
    BlnNetwork network = BlnNetwork.of(net);
    return new NetworkSnapshot(network.graph(), network.configurationJson(), net.params().dup());
  }

  /** A private copy, so that tasks sharing one executor JVM never share parameters or state. */
  Model restore() {
    return BlnNetwork.restore(graph, configurationJson, parameters).model();
  }
}
