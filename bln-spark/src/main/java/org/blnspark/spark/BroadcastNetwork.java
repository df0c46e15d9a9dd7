package org.blnspark.spark;

import java.io.Serializable;
import java.util.Collections;
import java.util.Iterator;
import java.util.function.Function;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.Model;

/**
 * The driver's network sent once to the executors, for one Spark job, whose broadcast is
 * destroyed when the job ends, whatever way it ends ({@link #during}), or for a lazy Dataset,
 * whose broadcast Spark's cleaner releases once the Dataset is gone ({@link #forDataset}): each
 * task restores its own copy ({@link NetworkSnapshot#restore()}), once per partition, and runs
 * its partition through it. It is a partition function of both of Spark's APIs, RDDs' and
 * Datasets'.
 *
 * @param <T> what a partition holds
 * @param <R> what a partition gives back
 */
final class BroadcastNetwork<T, R> implements FlatMapFunction<Iterator<T>, R>, MapPartitionsFunction<T, R> {
  private static final long serialVersionUID = 1L;

  /** A partition's work with the task's own copy of the network; it is not called for an empty partition. */
  interface PartitionWork<T, R> extends Serializable {
    Iterator<R> run(Model net, Iterator<T> partition);
  }

  private final Broadcast<NetworkSnapshot> snapshot;
  private final PartitionWork<T, R> work;

  private BroadcastNetwork(Broadcast<NetworkSnapshot> snapshot, PartitionWork<T, R> work) {
    this.snapshot = snapshot;
    this.work = work;
  }

  /**
   * Runs {@code job} (a Spark action) with {@code net} broadcast: {@code job} is given a
   * partition function that does {@code work} with the task's copy, and the broadcast is
   * destroyed once it returns or fails.
   */
  static <T, R, J> J during(JavaSparkContext sc, Model net, PartitionWork<T, R> work,
                            Function<FlatMapFunction<Iterator<T>, R>, J> job) {
    Broadcast<NetworkSnapshot> snapshot = sc.broadcast(NetworkSnapshot.of(net));
    try {
      return job.apply(new BroadcastNetwork<>(snapshot, work));
    } finally {
      snapshot.destroy();
    }
  }

  /**
   * {@code work} with {@code net} broadcast, for the partitions of a lazy Dataset that an action
   * runs later: the broadcast lives as long as the Dataset, and Spark's cleaner releases it after.
   */
  static <T, R> BroadcastNetwork<T, R> forDataset(JavaSparkContext sc, Model net, PartitionWork<T, R> work) {
    return new BroadcastNetwork<>(sc.broadcast(NetworkSnapshot.of(net)), work);
  }

  @Override
  public Iterator<R> call(Iterator<T> partition) {
    if (!partition.hasNext()) {
      return Collections.emptyIterator();
    }
    return work.run(snapshot.value().restore(), partition);
  }
}
