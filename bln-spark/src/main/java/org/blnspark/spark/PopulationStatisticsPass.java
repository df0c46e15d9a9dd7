package org.blnspark.spark;

import java.io.Serializable;
import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.blnspark.model.Arguments;
import org.blnspark.model.statistics.ObservedLayers;
import org.blnspark.model.statistics.PopulationEstimator;
import org.blnspark.model.statistics.PopulationStatistics;
import org.blnspark.model.statistics.PopulationStatisticsCollector;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
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
    return collect(net, GlobalBatches.deal(data, batchSize, seed, sample), batches -> {
      DataSet batch = DataSet.merge(batches.next());
      return new INDArray[] {batch.getFeatures(), batch.getFeaturesMaskArray()};
    }, observed, "bln population statistics");
  }

  /**
   * The pass itself, whatever feeds it: the merged partial statistics of the mini-batches that
   * {@code batches} makes of each partition of {@code data}, each a features array and its mask
   * (or null), observed by DL4J's forward pass in training mode, so that each layer sees its input
   * as it did in training. A Spark action ({@code foreachPartition}): Spark applies each successful
   * task's additions to the accumulator once, so a retried task is not counted twice.
   */
  static <T> PopulationStatistics collect(Model net, JavaRDD<T> data, MiniBatches<T> batches, ObservedLayers observed,
                                          String name) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.context());
    PopulationStatisticsAccumulator accumulator = new PopulationStatisticsAccumulator();
    sc.sc().register(accumulator, name);
    BroadcastNetwork.during(sc, net, (Model local, Iterator<T> partition) -> {
      while (partition.hasNext()) {
        INDArray[] input = batches.next(partition);
        accumulator.add(PopulationStatisticsCollector.observe(local, input[0], input[1], observed));
      }
      return Collections.<Void>emptyIterator();
    }, observe -> {
      data.foreachPartition(partition -> observe.call(partition));
      return null;
    });
    return accumulator.value();
  }

  /** Cuts a partition's items into mini-batches: each a features array and its mask or null. */
  interface MiniBatches<T> extends Serializable {
    /** The next mini-batch of a partition that has items left. */
    INDArray[] next(Iterator<T> partition);
  }
}
