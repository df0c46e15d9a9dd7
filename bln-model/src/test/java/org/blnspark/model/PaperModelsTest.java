package org.blnspark.model;

import java.util.Arrays;
import java.util.List;
import org.blnspark.model.zoo.InputShape;
import org.blnspark.model.zoo.NetworkConfiguration;
import org.blnspark.model.zoo.PaperModel;
import org.blnspark.model.zoo.PaperModels;
import org.blnspark.model.zoo.ModelSettings;
import org.blnspark.model.zoo.Normalization;
import org.blnspark.model.statistics.PopulationStatisticsCollector;
import org.blnspark.model.statistics.PopulationEstimator;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class PaperModelsTest {
  @ParameterizedTest
  @EnumSource(Normalization.class)
  void lenetBuildsWithEveryNormalization(Normalization norm) {
    MultiLayerNetwork net = new MultiLayerNetwork(PaperModels.lenet(ModelSettings.of(norm, 10, 1, 0.002), 28, 28, 1));
    net.init();
    INDArray out = net.output(Nd4j.rand(DataType.FLOAT, 3, 784), true);
    assertThat(out.shape()).containsExactly(3, 10);
    int expectedNormLayers = norm == Normalization.NONE ? 0 : 4;
    assertThat(net.getnLayers()).isEqualTo(7 + expectedNormLayers);
  }

  @ParameterizedTest
  @EnumSource(Normalization.class)
  void textClassifierBuildsWithEveryNormalization(Normalization norm) {
    MultiLayerNetwork net = new MultiLayerNetwork(
        PaperModels.textClassifier(ModelSettings.of(norm, 2, 1, 0.003), 50, 8, 12));
    net.init();
    INDArray tokens = Nd4j.createFromArray(new float[][] {
        {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, {0, 0, 0, 0, 4, 5, 6, 7, 49, 48, 47, 1}});
    INDArray out = net.output(tokens, true);
    assertThat(out.shape()).containsExactly(2, 2);
    assertThat(out.isNaN().any()).isFalse();
  }

  @Test
  void lenetWithBlnLearnsGeneratedImages() {
    MultiLayerNetwork net = new MultiLayerNetwork(
        PaperModels.lenet(ModelSettings.of(Normalization.BLN, 2, 3, 0.002), 28, 28, 1));
    net.init();
    DataSet data = stripes(50, 5);
    double before = scoreWithPopulationStatistics(net, data);
    for (int i = 0; i < 30; i++) {
      net.fit(data);
    }
    double after = scoreWithPopulationStatistics(net, data);
    assertThat(after).isLessThan(before * 0.5);
    assertThat(BlnNetworks.blnLayers(net)).hasSize(4)
        .allSatisfy(layer -> assertThat(layer.trainingBatchSize()).isEqualTo(50));
  }

  @Test
  void lenetWithBlnTrainsAtBatchSizeOne() {
    MultiLayerNetwork net = new MultiLayerNetwork(
        PaperModels.lenet(ModelSettings.of(Normalization.BLN, 2, 3, 0.002), 28, 28, 1));
    net.init();
    DataSet data = stripes(20, 6);
    double before = scoreWithPopulationStatistics(net, data);
    for (int epoch = 0; epoch < 3; epoch++) {
      for (DataSet one : data.asList()) {
        net.fit(one);
        assertThat(net.score()).isFinite();
      }
    }
    assertThat(scoreWithPopulationStatistics(net, data)).isLessThan(before);
  }

  @ParameterizedTest
  @EnumSource(Normalization.class)
  void theResidualCnnNormalisesTheMainPathAndTheShortcutWithEveryNormalization(Normalization norm) {
    ComputationGraph net = (ComputationGraph) PaperModel.RESNET.configuration(ModelSettings.of(norm, 10, 1, 0.002),
        new InputShape.Image(28, 28, 1)).newNetwork();
    INDArray out = net.outputSingle(true, Nd4j.rand(DataType.FLOAT, 3, 784));
    assertThat(out.shape()).containsExactly(3, 10);
    assertThat(out.isNaN().any()).isFalse();
    List<String> normalised = Arrays.stream(net.getLayers())
        .filter(layer -> NetworkConfiguration.isNormalization(layer.conf().getLayer()))
        .map(layer -> layer.conf().getLayer().getLayerName()).toList();
    if (norm == Normalization.NONE) {
      assertThat(normalised).isEmpty();
    } else {
      assertThat(normalised).hasSize(6).contains("block1-b-norm", "block2-b-norm", "block2-shortcut-norm");
    }
    assertThat(net.getVertex("block2-add").getInputVertices()).hasSize(2);
  }

  @Test
  void theResidualCnnWithBlnLearnsGeneratedImages() {
    ComputationGraph net = (ComputationGraph) PaperModel.RESNET.configuration(
        ModelSettings.of(Normalization.BLN, 2, 3, 0.01), new InputShape.Image(28, 28, 1)).newNetwork();
    DataSet data = stripes(40, 7);
    PopulationStatisticsCollector.fill(net, new ListDataSetIterator<>(data.asList(), 10), PopulationEstimator.POOLED);
    double before = net.score(data);
    for (int i = 0; i < 30; i++) {
      net.fit(data);
    }
    PopulationStatisticsCollector.fill(net, new ListDataSetIterator<>(data.asList(), 10), PopulationEstimator.POOLED);
    assertThat(net.score(data)).isLessThan(before * 0.5);
    assertThat(BlnNetworks.blnLayers(net)).hasSize(6);
  }

  private static double scoreWithPopulationStatistics(MultiLayerNetwork net, DataSet data) {
    PopulationStatisticsCollector.fill(net, new ListDataSetIterator<>(data.asList(), 10), PopulationEstimator.POOLED);
    return net.score(data);
  }

  /** Class 0 has horizontal stripes, class 1 vertical ones, with noise. */
  static DataSet stripes(int n, long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray features = Nd4j.rand(DataType.FLOAT, n, 784).muli(0.3);
    INDArray labels = Nd4j.zeros(DataType.FLOAT, n, 2);
    for (int i = 0; i < n; i++) {
      int label = i % 2;
      labels.putScalar(i, label, 1);
      for (int r = 0; r < 28; r++) {
        for (int c = 0; c < 28; c++) {
          if ((label == 0 ? r : c) % 4 < 2) {
            features.putScalar(i, r * 28 + c, features.getFloat(i, r * 28 + c) + 0.7f);
          }
        }
      }
    }
    return new DataSet(features, labels);
  }
}
