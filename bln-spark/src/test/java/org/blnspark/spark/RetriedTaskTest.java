package org.blnspark.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.blnspark.model.statistics.PopulationEstimator;
import org.blnspark.model.statistics.PopulationStatistics;
import org.blnspark.model.statistics.PopulationStatisticsCollector;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Spark's local[2,2] retries a failed task once; the statistics accumulator, added to inside a
 * {@code foreachPartition} action as the statistics pass adds to it, must count only the
 * successful attempt, even when the failed one had already added its batches.
 */
class RetriedTaskTest {
  private static final int N = 40;
  private static final int BATCH = 4;
  /** Executors run in this JVM under local mode, so a static counter sees the injected failures. */
  private static final java.util.concurrent.atomic.AtomicInteger INJECTED_FAILURES =
      new java.util.concurrent.atomic.AtomicInteger();

  @Test
  void aRetriedTaskIsNotCountedTwice() {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    JavaSparkContext sc = LocalSpark.start("local[2,2]");
    try {
      MultiLayerNetwork net = LocalSpark.network(3);
      JavaRDD<DataSet> data = LocalSpark.rdd(sc, LocalSpark.examples(N, 3), 4);
      PopulationStatistics undisturbed = observe(sc, net, data, false);
      PopulationStatistics retried = observe(sc, net, data, true);

      assertThat(INJECTED_FAILURES.get()).isEqualTo(1);
      assertThat(retried.layers().get("layer0").samples()).isEqualTo(N);
      for (String layer : undisturbed.layers().keySet()) {
        for (PopulationEstimator estimator : PopulationEstimator.values()) {
          PopulationStatisticsPassTest.assertRelativelyClose(retried.layers().get(layer).estimate(estimator),
              undisturbed.layers().get(layer).estimate(estimator));
        }
      }
    } finally {
      sc.stop();
    }
  }

  /**
   * Every partition's batches added to an accumulator in an action; with {@code failOnce}, partition
   * 1's first attempt fails after it has added all its batches.
   */
  private static PopulationStatistics observe(JavaSparkContext sc, MultiLayerNetwork net, JavaRDD<DataSet> data,
                                              boolean failOnce) {
    PopulationStatisticsAccumulator accumulator = new PopulationStatisticsAccumulator();
    sc.sc().register(accumulator, "statistics");
    String json = net.getLayerWiseConfigurations().toJson();
    org.nd4j.linalg.api.ndarray.INDArray params = net.params().dup();
    data.foreachPartition(examples -> {
      MultiLayerNetwork local = new MultiLayerNetwork(
          org.deeplearning4j.nn.conf.MultiLayerConfiguration.fromJson(json));
      local.init(params, true);
      List<DataSet> batch = new ArrayList<>();
      while (examples.hasNext()) {
        batch.add(examples.next());
        if (batch.size() == BATCH || !examples.hasNext()) {
          accumulator.add(PopulationStatisticsCollector.observe(local, DataSet.merge(batch).getFeatures()));
          batch.clear();
        }
      }
      if (failOnce && TaskContext.getPartitionId() == 1 && TaskContext.get().attemptNumber() == 0) {
        INJECTED_FAILURES.incrementAndGet();
        throw new IllegalStateException("injected failure on the first attempt, after its batches were added");
      }
    });
    return accumulator.value();
  }
}
