package org.blnspark.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.blnspark.model.statistics.PopulationEstimator;
import org.blnspark.model.statistics.PopulationStatistics;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Spark's local[2,2] retries a failed task once; the accumulator must count only the successful attempt. */
class RetriedTaskTest {
  private static final int N = 40;
  /** Executors run in this JVM under local mode, so a static counter sees the injected failures. */
  private static final java.util.concurrent.atomic.AtomicInteger INJECTED_FAILURES =
      new java.util.concurrent.atomic.AtomicInteger();

  @Test
  void aRetriedTaskIsNotCountedTwice() {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    JavaSparkContext sc = LocalSpark.start("local[2,2]");
    try {
      MultiLayerNetwork net = LocalSpark.network(3);
      JavaRDD<DataSet> clean = LocalSpark.rdd(sc, LocalSpark.examples(N, 3), 4);
      PopulationStatistics undisturbed = PopulationStatisticsPass.collect(net, clean, 4);

      JavaRDD<DataSet> failingOnce = clean.mapPartitionsWithIndex(new FailOnceOnPartitionOne(), true);
      PopulationStatistics retried = PopulationStatisticsPass.collect(net, failingOnce, 4);

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

  /** Partition 1 fails on its last example in its first attempt, after several batches were added. */
  private static final class FailOnceOnPartitionOne
      implements Function2<Integer, Iterator<DataSet>, Iterator<DataSet>> {
    @Override
    public Iterator<DataSet> call(Integer partition, Iterator<DataSet> examples) {
      List<DataSet> list = new ArrayList<>();
      examples.forEachRemaining(list::add);
      return new Iterator<>() {
        private int next;

        @Override
        public boolean hasNext() {
          return next < list.size();
        }

        @Override
        public DataSet next() {
          if (partition == 1 && next == list.size() - 1 && TaskContext.get().attemptNumber() == 0) {
            INJECTED_FAILURES.incrementAndGet();
            throw new IllegalStateException("injected failure on the first attempt");
          }
          return list.get(next++);
        }
      };
    }
  }
}
