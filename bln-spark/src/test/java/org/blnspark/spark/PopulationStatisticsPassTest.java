package org.blnspark.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.blnspark.model.statistics.LayerStatistics;
import org.blnspark.model.statistics.PopulationEstimator;
import org.blnspark.model.statistics.PopulationStatistics;
import org.blnspark.model.statistics.PopulationStatisticsCollector;
import org.blnspark.model.statistics.PopulationValues;
import org.deeplearning4j.datasets.iterator.IteratorDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class PopulationStatisticsPassTest {
  private static final int N = 50;
  @RegisterExtension
  static final LocalSparkContext context = new LocalSparkContext();


  @Test
  void distributedStatisticsEqualASingleJvmPassOverTheSameBatches() {
    MultiLayerNetwork net = LocalSpark.network(1);
    JavaRDD<DataSet> data = LocalSpark.rdd(context.get(), LocalSpark.examples(N, 1), 4);
    int batchSize = 5;
    PopulationStatistics distributed = PopulationStatisticsPass.collect(net, data, batchSize);

    PopulationStatistics local = new PopulationStatistics();
    for (List<DataSet> partition : data.glom().collect()) {
      local.merge(PopulationStatisticsCollector.collect(net, new IteratorDataSetIterator(partition.iterator(), batchSize)));
    }
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
  void firstLayerStatisticsAreTheExactMomentsOfTheDataWhateverThePartitioning() {
    List<DataSet> examples = LocalSpark.examples(N, 2);
    INDArray all = DataSet.merge(examples).getFeatures();
    double[] exactMean = all.mean(0).toDoubleVector();
    double[] exactVar = all.var(true, 0).toDoubleVector();
    // 60 partitions for 50 examples leaves some empty; 7 makes partitions smaller than the batch.
    for (int partitions : new int[] {1, 2, 3, 7, 60}) {
      MultiLayerNetwork net = LocalSpark.network(2);
      PopulationStatisticsPass.run(net, LocalSpark.rdd(context.get(), examples, partitions), 10, PopulationEstimator.POOLED);
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
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat(actual[i]).isCloseTo(expected[i], within(1e-6 * Math.max(1, Math.abs(expected[i]))));
    }
  }

  static long samples(PopulationStatistics statistics, int layer) {
    LayerStatistics stats = statistics.layers().get(layer);
    return stats.samples();
  }
}
