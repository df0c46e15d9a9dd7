package org.blnspark.model;

import org.blnspark.model.statistics.PopulationStatisticsCollector;
import org.blnspark.model.statistics.PopulationEstimator;
import org.blnspark.model.statistics.PopulationStatistics;
import org.blnspark.model.statistics.PopulationValues;
import org.blnspark.model.statistics.StatisticsPrecision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class PopulationStatisticsTest {
  private static final int N = 23;
  /** DL4J's name for the first layer of a list. */
  private static final String LAYER = "layer0";

  @BeforeAll
  static void doublePrecision() {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
  }

  /** A CNN input fed straight into BLN, so the layer input is the data itself. */
  private static MultiLayerNetwork cnn(StatisticsAxes axes) {
    return BatchLayerNormalizationTest.singleLayer(new BatchLayerNormalization.Builder().axes(axes), InputLayout.NCHW, 1);
  }

  private static INDArray images() {
    return BatchLayerNormalizationTest.channelsFirstInput(InputLayout.NCHW, N, 17);
  }

  private static ListDataSetIterator<DataSet> batches(INDArray x, int batchSize) {
    List<DataSet> examples = new DataSet(x, Nd4j.zeros(DataType.DOUBLE, x.size(0), 1)).asList();
    return new ListDataSetIterator<>(examples, batchSize);
  }

  @Test
  void pooledStatisticsAreTheExactMomentsWhateverTheBatchSplit() {
    INDArray x = images();
    // Reference axes: one statistic per (c, h, w) over all examples.
    double[] exactMean = x.mean(0).reshape(-1).toDoubleVector();
    double[] exactVar = x.var(true, 0).reshape(-1).toDoubleVector();
    for (int batchSize : new int[] {1, 4, 7, N}) {
      MultiLayerNetwork net = cnn(StatisticsAxes.REFERENCE);
      PopulationStatisticsCollector.fill(net, batches(x, batchSize), PopulationEstimator.POOLED);
      assertThat(param(net, "batchMean")).containsExactly(exactMean, within(1e-12));
      assertThat(param(net, "batchVar")).containsExactly(exactVar, within(1e-12));
    }
  }

  @Test
  void conventionalPooledStatisticsArePerChannel() {
    INDArray x = images();
    MultiLayerNetwork net = cnn(StatisticsAxes.CONVENTIONAL);
    PopulationStatisticsCollector.fill(net, batches(x, 5), PopulationEstimator.POOLED);
    assertThat(param(net, "batchMean")).containsExactly(x.mean(0, 2, 3).toDoubleVector(), within(1e-12));
    assertThat(param(net, "batchVar")).containsExactly(x.var(true, 0, 2, 3).toDoubleVector(), within(1e-12));
    // One feature statistic in all: each sample's moments over (C, H, W), averaged over samples.
    INDArray perSample = x.reshape(N, -1);
    assertThat(param(net, "featureMean")).containsExactly(new double[] {perSample.mean(1).meanNumber().doubleValue()},
        within(1e-12));
    assertThat(param(net, "featureVar"))
        .containsExactly(new double[] {perSample.var(false, 1).meanNumber().doubleValue()}, within(1e-12));
  }

  @Test
  void featureStatisticsAreTheMeanOfEachSamplesMoments() {
    INDArray x = images();
    MultiLayerNetwork net = cnn(StatisticsAxes.REFERENCE);
    PopulationStatisticsCollector.fill(net, batches(x, 6), PopulationEstimator.POOLED);
    // One value per (h, w): the mean over samples of the moments over channels.
    assertThat(param(net, "featureMean")).containsExactly(x.mean(1).mean(0).reshape(-1).toDoubleVector(),
        within(1e-12));
    assertThat(param(net, "featureVar")).containsExactly(x.var(false, 1).mean(0).reshape(-1).toDoubleVector(),
        within(1e-12));
  }

  @Test
  void epochAverageIsTheMeanOfUnbiasedBatchMoments() {
    INDArray x = images();
    int batchSize = 5;
    MultiLayerNetwork net = cnn(StatisticsAxes.REFERENCE);
    PopulationStatisticsCollector.fill(net, batches(x, batchSize), PopulationEstimator.EPOCH_AVERAGE);

    INDArray sumMean = null;
    INDArray sumVar = null;
    int count = 0;
    for (int start = 0; start < N; start += batchSize) {
      INDArray batch = x.get(NDArrayIndex.interval(start, Math.min(N, start + batchSize)));
      sumMean = sumMean == null ? batch.mean(0) : sumMean.add(batch.mean(0));
      sumVar = sumVar == null ? batch.var(true, 0) : sumVar.add(batch.var(true, 0));
      count++;
    }
    assertThat(param(net, "batchMean")).containsExactly(sumMean.div(count).reshape(-1).toDoubleVector(), within(1e-12));
    assertThat(param(net, "batchVar")).containsExactly(sumVar.div(count).reshape(-1).toDoubleVector(), within(1e-12));
  }

  @Test
  void precisionIsTheSpreadOfTheBatchStatisticsOverTheSquareRootOfTheirNumber() {
    // 23 = 4·5 + 3: five batches, each (c, h, w) statistic estimated from each of them.
    INDArray x = images();
    int batchSize = 5;
    MultiLayerNetwork net = cnn(StatisticsAxes.REFERENCE);
    PopulationStatistics stats = PopulationStatisticsCollector.collect(net, batches(x, batchSize));
    List<double[]> means = new ArrayList<>();
    List<double[]> variances = new ArrayList<>();
    for (int start = 0; start < N; start += batchSize) {
      INDArray batch = x.get(NDArrayIndex.interval(start, Math.min(N, start + batchSize)));
      means.add(batch.mean(0).reshape(-1).toDoubleVector());
      variances.add(batch.var(true, 0).reshape(-1).toDoubleVector());
    }
    int groups = means.get(0).length;
    DescriptiveStatistics meanErrors = new DescriptiveStatistics();
    DescriptiveStatistics varianceErrors = new DescriptiveStatistics();
    for (int g = 0; g < groups; g++) {
      DescriptiveStatistics batchMeans = new DescriptiveStatistics();
      DescriptiveStatistics batchVars = new DescriptiveStatistics();
      for (int b = 0; b < means.size(); b++) {
        batchMeans.addValue(means.get(b)[g]);
        batchVars.addValue(variances.get(b)[g]);
      }
      double variance = batchVars.getMean(); // EPOCH_AVERAGE's estimate
      meanErrors.addValue(batchMeans.getStandardDeviation() / Math.sqrt(5) / Math.sqrt(variance));
      varianceErrors.addValue(batchVars.getStandardDeviation() / Math.sqrt(5) / variance);
    }

    StatisticsPrecision precision = stats.precision(PopulationEstimator.EPOCH_AVERAGE).get(LAYER);
    assertThat(precision.examples()).isEqualTo(N);
    assertThat(precision.batches()).isEqualTo(5);
    assertThat(precision.meanErrorMedian()).isCloseTo(meanErrors.getPercentile(50), within(1e-12));
    assertThat(precision.meanErrorMax()).isCloseTo(meanErrors.getMax(), within(1e-12));
    assertThat(precision.varianceErrorMedian()).isCloseTo(varianceErrors.getPercentile(50), within(1e-12));
    assertThat(precision.varianceErrorMax()).isCloseTo(varianceErrors.getMax(), within(1e-12));
  }

  @Test
  void precisionIsUnknownFromASingleBatch() {
    MultiLayerNetwork net = cnn(StatisticsAxes.REFERENCE);
    StatisticsPrecision precision = PopulationStatisticsCollector.collect(net, batches(images(), N))
        .precision(PopulationEstimator.POOLED).get(LAYER);
    assertThat(precision.batches()).isEqualTo(1);
    assertThat(precision.meanErrorMedian()).isNull();
    assertThat(precision.varianceErrorMax()).isNull();
  }

  @Test
  void epochAverageRefusesBatchesOfOneExampleUnderReferenceAxes() {
    MultiLayerNetwork net = cnn(StatisticsAxes.REFERENCE);
    PopulationStatistics stats = PopulationStatisticsCollector.collect(net, batches(images(), 1));
    assertThatThrownBy(() -> stats.applyTo(net, PopulationEstimator.EPOCH_AVERAGE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("EPOCH_AVERAGE is undefined");
  }

  @Test
  void epochAverageLeavesOutAShortBatchOfOneAndDividesByTheOthers() {
    // 23 = 2·11 + 1: the batch of one has no unbiased variance; the estimate is the two others'.
    INDArray x = images();
    MultiLayerNetwork net = cnn(StatisticsAxes.REFERENCE);
    PopulationStatisticsCollector.fill(net, batches(x, 11), PopulationEstimator.EPOCH_AVERAGE);
    INDArray first = x.get(NDArrayIndex.interval(0, 11));
    INDArray second = x.get(NDArrayIndex.interval(11, 22));
    assertThat(param(net, "batchMean")).containsExactly(first.mean(0).add(second.mean(0)).div(2).reshape(-1)
        .toDoubleVector(), within(1e-12));
    assertThat(param(net, "batchVar")).containsExactly(first.var(true, 0).add(second.var(true, 0)).div(2)
        .reshape(-1).toDoubleVector(), within(1e-12));
  }

  @Test
  void epochAverageAtOneExampleIsDefinedUnderConventionalAxesOnImages() {
    // Each image's channel pools its H·W positions: a group of several values even at m = 1.
    INDArray x = images();
    MultiLayerNetwork net = cnn(StatisticsAxes.CONVENTIONAL);
    PopulationStatisticsCollector.fill(net, batches(x, 1), PopulationEstimator.EPOCH_AVERAGE);
    INDArray perImage = x.reshape(N, x.size(1), -1);
    assertThat(param(net, "batchMean")).containsExactly(perImage.mean(2).mean(0).toDoubleVector(), within(1e-12));
    assertThat(param(net, "batchVar")).containsExactly(perImage.var(true, 2).mean(0).toDoubleVector(), within(1e-12));
  }

  @Test
  void partialsMergeInAnyOrderToTheSameResult() {
    INDArray x = images();
    MultiLayerNetwork net = cnn(StatisticsAxes.REFERENCE);
    PopulationStatistics a = PopulationStatisticsCollector.collect(net, batches(x.get(NDArrayIndex.interval(0, 9)), 4));
    PopulationStatistics b = PopulationStatisticsCollector.collect(net, batches(x.get(NDArrayIndex.interval(9, N)), 3));
    PopulationStatistics ab = new PopulationStatistics().merge(a).merge(b);
    PopulationStatistics ba = new PopulationStatistics().merge(b).merge(a);
    PopulationValues left = ab.layers().get(LAYER).estimate(PopulationEstimator.POOLED);
    PopulationValues right = ba.layers().get(LAYER).estimate(PopulationEstimator.POOLED);
    assertThat(left.batchMean()).containsExactly(right.batchMean(), within(1e-12));
    assertThat(left.batchVar()).containsExactly(right.batchVar(), within(1e-12));
    assertThat(ab.layers().get(LAYER).samples()).isEqualTo(N);
  }

  @Test
  void deeperLayersSeeTheirOwnInput() {
    MultiLayerNetwork net = TinyNetworks.denseClassifier(new BatchLayerNormalization.Builder(), 2);
    DataSet data = TinyNetworks.separableData(30, 2);
    PopulationStatisticsCollector.fill(net, new ListDataSetIterator<>(data.asList(), 7), PopulationEstimator.POOLED);
    INDArray layerInput = net.feedForwardToLayer(0, data.getFeatures(), true).get(1);
    assertThat(net.getLayer(1).getParam("batchMean").toDoubleVector())
        .containsExactly(layerInput.mean(0).toDoubleVector(), within(1e-9));
    assertThat(net.getLayer(1).getParam("batchVar").toDoubleVector())
        .containsExactly(layerInput.var(true, 0).toDoubleVector(), within(1e-9));
  }

  @Test
  void aGraphsLayerAfterAnElementWiseAddSeesTheSum() {
    org.deeplearning4j.nn.graph.ComputationGraph graph = TinyNetworks.residualGraph(3);
    DataSet data = TinyNetworks.separableData(30, 3);
    PopulationStatistics stats = PopulationStatisticsCollector.fill(graph,
        new ListDataSetIterator<>(data.asList(), 30), PopulationEstimator.POOLED);
    assertThat(stats.layers().keySet()).containsExactly("n1", "n2", "n3");
    // One batch of all 30: the pooled statistics are the exact moments of what the add vertex gave n3.
    INDArray sum = graph.feedForward(data.getFeatures(), true).get("add");
    assertThat(graph.getLayer("n3").getParam("batchMean").toDoubleVector())
        .containsExactly(sum.mean(0).toDoubleVector(), within(1e-9));
    assertThat(graph.getLayer("n3").getParam("batchVar").toDoubleVector())
        .containsExactly(sum.var(true, 0).toDoubleVector(), within(1e-9));
    assertThat(BlnNetworks.blnLayers(graph)).hasSize(3).allMatch(BatchLayerNormalizationLayer::isPopulationCollected);
  }

  @Test
  void aPerCallChoiceOfStatisticsLeavesEachLayersOwnChoiceAlone() {
    org.deeplearning4j.nn.graph.ComputationGraph graph = TinyNetworks.residualGraph(4);
    DataSet data = TinyNetworks.separableData(20, 4);
    PopulationStatisticsCollector.fill(graph, new ListDataSetIterator<>(data.asList(), 5), PopulationEstimator.POOLED);
    StatisticSources population = StatisticSources.parse("PPPP");
    BlnNetworks.setInference(graph, population);
    INDArray own = graph.outputSingle(false, data.getFeatures());
    INDArray miniBatch = BlnCalls.inferringFrom(StatisticSources.ALL_MINI_BATCH,
        () -> graph.outputSingle(false, data.getFeatures()));
    assertThat(BlnNetworks.blnLayers(graph)).allSatisfy(l -> assertThat(l.inference()).isEqualTo(population));
    assertThat(graph.outputSingle(false, data.getFeatures())).isEqualTo(own);
    assertThat(miniBatch).isNotEqualTo(own);
    BlnNetworks.setInference(graph, StatisticSources.ALL_MINI_BATCH);
    assertThat(graph.outputSingle(false, data.getFeatures())).isEqualTo(miniBatch);
  }

  private static double[] param(MultiLayerNetwork net, String name) {
    return net.getLayer(0).getParam(name).toDoubleVector();
  }
}
