package org.blnspark.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.StatisticsAxes;
import org.blnspark.model.statistics.PopulationEstimator;
import org.blnspark.model.statistics.PopulationStatisticsCollector;
import org.blnspark.model.zoo.LearningRateSchedule;
import org.blnspark.model.zoo.ModelSettings;
import org.blnspark.model.zoo.Normalization;
import org.blnspark.model.zoo.PaperModels;
import org.blnspark.model.zoo.ResidualCnn;
import org.blnspark.model.BatchLayerNormalization;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.dataset.DataSet;

/**
 * LeNet and the residual CNN, with every normalisation, exported and run on ONNX Runtime against
 * DL4J on held-out Fashion-MNIST rows, under every batch-independent configuration. Each network
 * is trained for a few steps first, so that no weight, γ or β keeps its initial value, and its
 * population statistics are collected from the training rows.
 */
class ImageModelExportTest {
  private static final int TRAIN = 100;
  private static final int TEST = 64;
  private static FashionMnistSample data;

  @TempDir
  Path dir;

  @BeforeAll
  static void readData() throws Exception {
    data = FashionMnistSample.first(TRAIN + TEST);
  }

  static List<Arguments> networks() {
    return List.of(
        Arguments.of("lenet", Normalization.BLN, StatisticsAxes.REFERENCE),
        Arguments.of("lenet", Normalization.BLN, StatisticsAxes.CONVENTIONAL),
        Arguments.of("lenet", Normalization.LN, StatisticsAxes.REFERENCE),
        Arguments.of("lenet", Normalization.BN, StatisticsAxes.REFERENCE),
        Arguments.of("lenet", Normalization.NONE, StatisticsAxes.REFERENCE),
        Arguments.of("resnet", Normalization.BLN, StatisticsAxes.REFERENCE),
        Arguments.of("resnet", Normalization.BLN, StatisticsAxes.CONVENTIONAL),
        Arguments.of("resnet", Normalization.BN, StatisticsAxes.REFERENCE));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("networks")
  void onnxRuntimeReproducesDl4j(String model, Normalization norm, StatisticsAxes axes) throws Exception {
    ModelSettings settings = new ModelSettings(norm, axes, BatchLayerNormalization.DEFAULT_EPS,
        FashionMnistSample.CLASSES, 7, 0.01, LearningRateSchedule.CONSTANT, ModelSettings.DEFAULT_EMBEDDING_SIZE, 0,
        ModelSettings.REFERENCE_BN_DECAY);
    Model net = trained(model, settings);
    float[][] test = java.util.Arrays.copyOfRange(data.rows, TRAIN, TRAIN + TEST);
    List<StatisticSources> configurations = norm == Normalization.BLN ? StatisticSources.batchIndependentOnes()
        : List.of(StatisticSources.REFERENCE_DEFAULT);
    for (StatisticSources inference : configurations) {
      double worst = Conformance.check(net, new OnnxExport.Options(inference, List.of()), test, dir);
      assertThat(worst).isLessThanOrEqualTo(Conformance.TOLERANCE);
    }
  }

  private Model trained(String model, ModelSettings settings) {
    Model net;
    if (model.equals("lenet")) {
      MultiLayerNetwork layered = new MultiLayerNetwork(PaperModels.lenet(settings, 28, 28, 1));
      layered.init();
      net = layered;
    } else {
      ComputationGraph graph = new ComputationGraph(ResidualCnn.configuration(settings, 28, 28, 1));
      graph.init();
      net = graph;
    }
    List<DataSet> batches = data.dataSet(0, TRAIN).batchBy(25);
    for (DataSet batch : batches) {
      if (net instanceof MultiLayerNetwork layered) {
        layered.fit(batch);
      } else {
        ((ComputationGraph) net).fit(batch);
      }
    }
    if (settings.normalization() == Normalization.BLN) {
      PopulationStatisticsCollector.fill(net, new ListDataSetIterator<>(batches), PopulationEstimator.POOLED);
    }
    return net;
  }
}
