package org.blnspark.spark;

import org.blnspark.model.statistics.ObservedLayers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.blnspark.model.statistics.LayerStatistics;
import org.blnspark.model.statistics.PopulationEstimator;
import org.blnspark.model.statistics.PopulationStatistics;
import org.blnspark.model.statistics.PopulationStatisticsCollector;
import org.blnspark.model.statistics.PopulationValues;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class PopulationStatisticsPassTest {
  private static final int N = 50;
  private static final long SEED = 9;
  @RegisterExtension
  static final LocalSparkContext context = new LocalSparkContext();


  @Test
  void distributedStatisticsEqualASingleJvmPassOverTheSameGlobalBatches() {
    MultiLayerNetwork net = LocalSpark.network(1);
    List<DataSet> examples = LocalSpark.examples(N, 1);
    int batchSize = 5;
    PopulationStatistics distributed = PopulationStatisticsPass.collect(net,
        LocalSpark.rdd(context.get(), examples, 4), batchSize, SEED, 0, ObservedLayers.BLN);

    PopulationStatistics local = PopulationStatisticsCollector.collect(net,
        new ListDataSetIterator<>(inGlobalOrder(examples, SEED), batchSize));
    // LocalSpark.network: BLN, dense, BLN, softmax, named by DL4J after their index.
    assertThat(distributed.layers().keySet()).containsExactly("layer0", "layer2");
    for (String layer : distributed.layers().keySet()) {
      for (PopulationEstimator estimator : PopulationEstimator.values()) {
        assertRelativelyClose(distributed.layers().get(layer).estimate(estimator),
            local.layers().get(layer).estimate(estimator));
      }
    }
  }

  @Test
  void everyLayersStatisticsAreTheSameWhateverThePartitioning() {
    // Three BLN layers, each after the last: the later ones see their input through the earlier
    // ones' batch statistics, so they depend on which examples share a batch.
    List<DataSet> examples = LocalSpark.examples(N, 4);
    for (PopulationEstimator estimator : PopulationEstimator.values()) {
      PopulationStatistics one = PopulationStatisticsPass.collect(LocalSpark.graph(4),
          LocalSpark.rdd(context.get(), examples, 1), 5, SEED, 0, ObservedLayers.BLN);
      assertThat(one.layers().keySet()).containsExactly("n1", "n2", "n3");
      for (int partitions : new int[] {2, 3, 7}) {
        PopulationStatistics other = PopulationStatisticsPass.collect(LocalSpark.graph(4),
            LocalSpark.rdd(context.get(), examples, partitions), 5, SEED, 0, ObservedLayers.BLN);
        for (String layer : one.layers().keySet()) {
          assertRelativelyClose(other.layers().get(layer).estimate(estimator),
              one.layers().get(layer).estimate(estimator), 1e-9);
        }
      }
    }
  }

  @Test
  void aSampleIsTheFirstExamplesOfTheSeededOrder() {
    MultiLayerNetwork net = LocalSpark.network(5);
    List<DataSet> examples = LocalSpark.examples(N, 5);
    PopulationStatistics sampled = PopulationStatisticsPass.collect(net, LocalSpark.rdd(context.get(), examples, 3),
        5, SEED, 20, ObservedLayers.BLN);
    PopulationStatistics local = PopulationStatisticsCollector.collect(net,
        new ListDataSetIterator<>(inGlobalOrder(examples, SEED).subList(0, 20), 5));
    assertThat(sampled.layers().get("layer0").samples()).isEqualTo(20);
    for (String layer : sampled.layers().keySet()) {
      assertRelativelyClose(sampled.layers().get(layer).estimate(PopulationEstimator.POOLED),
          local.layers().get(layer).estimate(PopulationEstimator.POOLED));
    }
  }

  /** The examples in the order of their seeded positions, as the pass deals them. */
  static List<DataSet> inGlobalOrder(List<DataSet> examples, long seed) {
    int[] positions = AveragingRounds.randomPositions(examples.size(), seed);
    DataSet[] ordered = new DataSet[examples.size()];
    for (int i = 0; i < positions.length; i++) {
      ordered[positions[i]] = examples.get(i);
    }
    return List.of(ordered);
  }

  @Test
  void firstLayerStatisticsAreTheExactMomentsOfTheDataWhateverThePartitioning() {
    List<DataSet> examples = LocalSpark.examples(N, 2);
    INDArray all = DataSet.merge(examples).getFeatures();
    double[] exactMean = all.mean(0).toDoubleVector();
    double[] exactVar = all.var(true, 0).toDoubleVector();
    // 60 partitions for 50 examples leaves some empty; 7 makes partitions smaller than the batch.
    for (int partitions : new int[] {1, 2, 3, 7, 60}) {
      MultiLayerNetwork net = LocalSpark.network(2);
      PopulationStatisticsPass.run(net, LocalSpark.rdd(context.get(), examples, partitions), 10, SEED, 0,
          PopulationEstimator.POOLED, ObservedLayers.BLN);
      assertThat(net.getLayer(0).getParam("batchMean").toDoubleVector()).containsExactly(exactMean, within(1e-9));
      assertThat(net.getLayer(0).getParam("batchVar").toDoubleVector()).containsExactly(exactVar, within(1e-9));
    }
  }

  static void assertRelativelyClose(PopulationValues actual, PopulationValues expected) {
    assertRelativelyClose(actual.batchMean(), expected.batchMean());
    assertRelativelyClose(actual.batchVar(), expected.batchVar());
    assertRelativelyClose(actual.featureMean(), expected.featureMean());
    assertRelativelyClose(actual.featureVar(), expected.featureVar());
  }

  static void assertRelativelyClose(double[] actual, double[] expected) {
    assertRelativelyClose(actual, expected, 1e-6);
  }

  static void assertRelativelyClose(PopulationValues actual, PopulationValues expected, double tolerance) {
    assertRelativelyClose(actual.batchMean(), expected.batchMean(), tolerance);
    assertRelativelyClose(actual.batchVar(), expected.batchVar(), tolerance);
    assertRelativelyClose(actual.featureMean(), expected.featureMean(), tolerance);
    assertRelativelyClose(actual.featureVar(), expected.featureVar(), tolerance);
  }

  static void assertRelativelyClose(double[] actual, double[] expected, double tolerance) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat(actual[i]).isCloseTo(expected[i], within(tolerance * Math.max(1, Math.abs(expected[i]))));
    }
  }

  static long samples(PopulationStatistics statistics, int layer) {
    LayerStatistics stats = statistics.layers().get(layer);
    return stats.samples();
  }
}
