package org.blnspark.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.blnspark.model.BatchLayerNormalization;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/** A Spark context on loopback, and small networks and data for the Spark tests. */
final class LocalSpark {
  static final int FEATURES = 6;

  private LocalSpark() {}

  static JavaSparkContext start(String master) {
    SparkConf conf = new SparkConf().setMaster(master).setAppName("bln-spark-test")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.ui.enabled", "false")
        .set("spark.sql.shuffle.partitions", "2");
    return new JavaSparkContext(conf);
  }

  /** BLN (first layer, so its input is the data) → dense 8 tanh → BLN → softmax 2. */
  static MultiLayerNetwork network(long seed) {
    MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed)
        .dataType(DataType.DOUBLE).updater(new Adam(0.01)).list()
        .layer(new BatchLayerNormalization.Builder().build())
        .layer(new DenseLayer.Builder().nOut(8).activation(Activation.TANH).build())
        .layer(new BatchLayerNormalization.Builder().build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX).build())
        .setInputType(InputType.feedForward(FEATURES))
        .build());
    net.init();
    return net;
  }

  /**
   * A residual graph trained with Adam on an exponential learning-rate schedule: dense 8 → BLN →
   * dense 8 → BLN, added to the first BLN's output, → BLN → softmax 2.
   */
  static ComputationGraph graph(long seed) {
    ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(seed)
        .dataType(DataType.DOUBLE).updater(new Adam(new ExponentialSchedule(ScheduleType.EPOCH, 0.02, 0.9)))
        .graphBuilder()
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

  /**
   * Two Gaussian classes, one example per DataSet: class 1 is high on the first half of the
   * features and low on the second, class 0 the reverse. The pattern, not the level, tells them
   * apart, so a per-sample (layer) normalisation keeps it, as BLN at m = 1 is.
   */
  static List<DataSet> examples(int n, long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray features = Nd4j.randn(DataType.DOUBLE, n, FEATURES).addi(2);
    List<DataSet> examples = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int label = i % 2;
      INDArray x = features.getRow(i, true);
      for (int f = 0; f < FEATURES; f++) {
        x.putScalar(0, f, x.getDouble(0, f) + ((f < FEATURES / 2) == (label == 1) ? 1.5 : -1.5));
      }
      INDArray y = Nd4j.zeros(DataType.DOUBLE, 1, 2);
      y.putScalar(0, label, 1);
      examples.add(new DataSet(x, y));
    }
    return examples;
  }

  static JavaRDD<DataSet> rdd(JavaSparkContext sc, List<DataSet> examples, int partitions) {
    return sc.parallelize(examples, partitions);
  }
}
