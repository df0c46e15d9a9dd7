package org.blnspark.spark;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.broadcast.Broadcast;
import org.blnspark.model.Arguments;
import org.blnspark.model.statistics.ObservedLayers;
import org.blnspark.model.statistics.PopulationEstimator;
import org.blnspark.model.statistics.PopulationStatistics;
import org.blnspark.model.statistics.PopulationStatisticsCollector;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The distributed statistics pass: one forward pass in training mode over the data, with the
 * driver's current weights, in mini-batches of the per-worker batch size dealt by a seeded global
 * position ({@link GlobalBatches}), so that the statistics do not depend on the partitioning.
 * Partials reach the driver through a {@link PopulationStatisticsAccumulator}; the driver
 * finishes them into the network's population parameters.
 */
public final class PopulationStatisticsPass {
  private PopulationStatisticsPass() {}

  /**
   * Collects the statistics of {@code data}, or of a seeded sample of {@code sample} of its
   * examples (0 for all), and writes them into {@code net}'s {@code observed} layers.
   */
  public static PopulationStatistics run(Model net, JavaRDD<DataSet> data, int batchSize, long seed, long sample,
                                         PopulationEstimator estimator, ObservedLayers observed) {
    PopulationStatistics statistics = collect(net, data, batchSize, seed, sample, observed);
    statistics.applyTo(net, estimator);
    return statistics;
  }

  /**
   * The merged partial statistics of {@code data}'s mini-batches, leaving the network unchanged.
   *
   * @param sample estimate from the first {@code sample} examples of the seeded order only (a
   *     seeded random sample); 0 for all of them
   * @param observed the layers whose input the pass records
   */
  public static PopulationStatistics collect(Model net, JavaRDD<DataSet> data, int batchSize, long seed,
                                             long sample, ObservedLayers observed) {
    Arguments.requireAtLeast(1, batchSize, "batch size");
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.context());
    Broadcast<NetworkSnapshot> snapshot = sc.broadcast(NetworkSnapshot.of(net));
    PopulationStatisticsAccumulator accumulator = new PopulationStatisticsAccumulator();
    sc.sc().register(accumulator, "bln population statistics");
    try {
      GlobalBatches.deal(data, batchSize, seed, sample).foreachPartition(new ObservePartition(snapshot, accumulator, observed));
    } finally {
      snapshot.destroy();
    }
    return accumulator.value();
  }

  /** Adds every mini-batch of one partition to the accumulator, as it goes. */
  private static final class ObservePartition implements VoidFunction<Iterator<List<DataSet>>> {
    private static final long serialVersionUID = 3L;

    private final Broadcast<NetworkSnapshot> snapshot;
    private final PopulationStatisticsAccumulator accumulator;
    private final ObservedLayers observed;

    ObservePartition(Broadcast<NetworkSnapshot> snapshot, PopulationStatisticsAccumulator accumulator,
                     ObservedLayers observed) {
      this.snapshot = snapshot;
      this.accumulator = accumulator;
      this.observed = observed;
    }

    @Override
    public void call(Iterator<List<DataSet>> batches) {
      if (!batches.hasNext()) {
        return;
      }
      Model local = snapshot.value().restore();
      while (batches.hasNext()) {
        DataSet batch = DataSet.merge(batches.next());
        accumulator.add(PopulationStatisticsCollector.observe(local, batch.getFeatures(),
            batch.getFeaturesMaskArray(), observed));
      }
    }
  }
}
