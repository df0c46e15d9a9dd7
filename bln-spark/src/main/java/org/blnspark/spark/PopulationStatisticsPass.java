package org.blnspark.spark;

import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.broadcast.Broadcast;
import org.blnspark.model.Arguments;
import org.blnspark.model.statistics.PopulationEstimator;
import org.blnspark.model.statistics.PopulationStatistics;
import org.blnspark.model.statistics.PopulationStatisticsCollector;
import org.deeplearning4j.datasets.iterator.IteratorDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The distributed statistics pass: one forward pass in training mode over every partition, with
 * the driver's current weights, in mini-batches of the per-worker batch size. Partials reach the
 * driver through a {@link PopulationStatisticsAccumulator}; the driver finishes them into the
 * network's population parameters.
 */
public final class PopulationStatisticsPass {
  private PopulationStatisticsPass() {}

  /** Collects the statistics of {@code data} and writes them into {@code net}. */
  public static PopulationStatistics run(Model net, JavaRDD<DataSet> data, int batchSize,
                                         PopulationEstimator estimator) {
    PopulationStatistics statistics = collect(net, data, batchSize);
    statistics.applyTo(net, estimator);
    return statistics;
  }

  /** The merged partial statistics of every partition, leaving the network unchanged. */
  public static PopulationStatistics collect(Model net, JavaRDD<DataSet> data, int batchSize) {
    Arguments.requireAtLeast(1, batchSize, "batch size");
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.context());
    Broadcast<NetworkSnapshot> snapshot = sc.broadcast(NetworkSnapshot.of(net));
    PopulationStatisticsAccumulator accumulator = new PopulationStatisticsAccumulator();
    sc.sc().register(accumulator, "bln population statistics");
    try {
      data.foreachPartition(new ObservePartition(snapshot, batchSize, accumulator));
    } finally {
      snapshot.destroy();
    }
    return accumulator.value();
  }

  /** Adds every mini-batch of one partition to the accumulator, as it goes. */
  private static final class ObservePartition implements VoidFunction<Iterator<DataSet>> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<NetworkSnapshot> snapshot;
    private final int batchSize;
    private final PopulationStatisticsAccumulator accumulator;

    ObservePartition(Broadcast<NetworkSnapshot> snapshot, int batchSize, PopulationStatisticsAccumulator accumulator) {
      this.snapshot = snapshot;
      this.batchSize = batchSize;
      this.accumulator = accumulator;
    }

    @Override
    public void call(Iterator<DataSet> examples) {
      if (!examples.hasNext()) {
        return;
      }
      Model local = snapshot.value().restore();
      IteratorDataSetIterator batches = new IteratorDataSetIterator(examples, batchSize);
      while (batches.hasNext()) {
        DataSet batch = batches.next();
        accumulator.add(PopulationStatisticsCollector.observe(local, batch.getFeatures(), batch.getFeaturesMaskArray()));
      }
    }
  }
}
