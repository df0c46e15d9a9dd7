package org.blnspark.spark;

import java.io.Serializable;
import java.util.Collections;
import java.util.Iterator;
import java.util.function.Function;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.Model;

/**
 * The driver's network sent once to the executors for one Spark job, and its broadcast destroyed
 * when the job ends, whatever way it ends: each task restores its own copy
 * ({@link NetworkSnapshot#restore()}), once per partition, and runs its partition through it.
 *
 * @param <T> what a partition holds
 * @param <R> what a partition gives back
 */
final class BroadcastNetwork<T, R> implements FlatMapFunction<Iterator<T>, R> {
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

  @Override
  public Iterator<R> call(Iterator<T> partition) {
    if (!partition.hasNext()) {
      return Collections.emptyIterator();
    }
    return work.run(snapshot.value().restore(), partition);
  }
}
