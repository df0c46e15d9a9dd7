package org.blnspark.model;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small networks and data for tests that need a trained BLN network. */
public final class TinyNetworks {
  public static final int FEATURES = 6;

  private TinyNetworks() {}

  /** Dense(6→8, tanh) → BLN → softmax(2). */
  public static MultiLayerNetwork denseClassifier(BatchLayerNormalization.Builder bln, long seed) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE)
        .updater(new Adam(0.01)).list()
        .layer(new DenseLayer.Builder().nOut(8).activation(Activation.TANH).build())
        .layer(bln.build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX).build())
        .setInputType(InputType.feedForward(FEATURES))
        .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  /**
   * A residual graph: dense 8 → BLN → dense 8 → BLN, added to the first BLN's output (the
   * shortcut), → BLN → softmax 2; the last BLN normalises an element-wise sum.
   */
  public static ComputationGraph residualGraph(long seed) {
    ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(seed)
        .dataType(DataType.DOUBLE).updater(new Adam(0.01)).graphBuilder()
        .addInputs("in")
        .setInputTypes(InputType.feedForward(FEATURES))
        .addLayer("d1", new DenseLayer.Builder().nOut(8).activation(Activation.TANH).build(), "in")
        .addLayer("n1", new BatchLayerNormalization.Builder().build(), "d1")
        .addLayer("d2", new DenseLayer.Builder().nOut(8).activation(Activation.TANH).build(), "n1")
        .addLayer("n2", new BatchLayerNormalization.Builder().build(), "d2")
        .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "n2", "n1")
        .addLayer("n3", new BatchLayerNormalization.Builder().build(), "add")
        .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
            .activation(Activation.SOFTMAX).build(), "n3")
        .setOutputs("out")
        .build());
    graph.init();
    return graph;
  }

  /** Two Gaussian classes whose means differ along every feature, with an offset so statistics are non-trivial. */
  public static DataSet separableData(int n, long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray features = Nd4j.randn(DataType.DOUBLE, n, FEATURES).addi(2);
    INDArray labels = Nd4j.zeros(DataType.DOUBLE, n, 2);
    for (int i = 0; i < n; i++) {
      int label = i % 2;
      labels.putScalar(i, label, 1);
      features.getRow(i).addi(label == 1 ? 1.5 : -1.5);
    }
    return new DataSet(features, labels);
  }
}
