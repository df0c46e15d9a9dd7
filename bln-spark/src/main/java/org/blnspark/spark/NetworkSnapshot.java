package org.blnspark.spark;

import java.io.Serializable;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A network as executors receive it: its configuration as DL4J JSON and a copy of its parameters. */
final class NetworkSnapshot implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String configurationJson;
  private final INDArray parameters;

  private NetworkSnapshot(String configurationJson, INDArray parameters) {
    this.configurationJson = configurationJson;
    this.parameters = parameters;
  }

  static NetworkSnapshot of(MultiLayerNetwork net) {
    return new NetworkSnapshot(net.getLayerWiseConfigurations().toJson(), net.params().dup());
  }

  /** A private copy, so that tasks sharing one executor JVM never share parameters or settings. */
  MultiLayerNetwork restore() {
    MultiLayerNetwork net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(configurationJson));
    net.init(parameters, true);
    return net;
  }
}
