package org.blnspark.spark.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.blnspark.model.BatchLayerNormalization;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.zoo.ModelSettings;
import org.blnspark.model.zoo.Normalization;
import org.blnspark.model.zoo.PaperModels;
import org.blnspark.model.statistics.PopulationEstimator;
import org.blnspark.model.statistics.PopulationStatisticsCollector;
import org.blnspark.model.StatisticsAxes;
import org.blnspark.spark.EvaluationResults;
import org.blnspark.spark.InferenceEvaluator;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Scoring one mini-batch under all 16 inference configurations, on the paper's two models with
 * BLN. The anchor is DL4J's own {@code net.output} once per configuration; the evaluator runs the
 * layers before the first BLN layer once, and also computes the accuracy and the loss, which the
 * anchor does not. Run with {@code bin/jmh bln-spark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EvaluationBenchmark {
  private static final List<StatisticSources> ALL = StatisticSources.all();

  @Param({"lenet", "lstm"})
  public String model;

  @Param({"25"})
  public int batchSize;

  /** The text model's sequence length; the paper's is 80. */
  @Param({"80"})
  public int sequenceLength;

  private MultiLayerNetwork net;
  private DataSet batch;

  @Setup
  public void setUp() {
    ModelSettings settings = ModelSettings.of(Normalization.BLN, 2, 1, ModelSettings.DEFAULT_LEARNING_RATE);
    MultiLayerConfiguration conf;
    INDArray features;
    Nd4j.getRandom().setSeed(1);
    if (model.equals("lenet")) {
      conf = PaperModels.lenet(settings, 28, 28, 1);
      features = Nd4j.rand(DataType.FLOAT, batchSize, 28 * 28);
    } else {
      conf = PaperModels.textClassifier(settings, 1000, 64, sequenceLength);
      features = Transforms.floor(Nd4j.rand(DataType.FLOAT, batchSize, sequenceLength).muli(1000), false);
    }
    net = new MultiLayerNetwork(conf);
    net.init();
    INDArray labels = Nd4j.zeros(DataType.FLOAT, batchSize, 2);
    for (int i = 0; i < batchSize; i++) {
      labels.putScalar(i, i % 2, 1);
    }
    batch = new DataSet(features, labels);
    PopulationStatisticsCollector.fill(net, new ListDataSetIterator<>(batch.asList(), batchSize),
        PopulationEstimator.POOLED);
  }

  /** The anchor: DL4J's whole forward pass once per configuration. */
  @Benchmark
  public INDArray[] outputPerConfiguration() {
    INDArray[] outputs = new INDArray[ALL.size()];
    for (int i = 0; i < outputs.length; i++) {
      BlnNetworks.setInference(net, ALL.get(i));
      outputs[i] = net.output(batch.getFeatures(), false);
    }
    return outputs;
  }

  @Benchmark
  public EvaluationResults evaluator() {
    return InferenceEvaluator.evaluate(net, batch.asList().iterator(), batchSize, ALL);
  }
}
