package org.blnspark.spark;

import java.io.Serializable;
import org.apache.commons.math3.random.JDKRandomGenerator;
import org.apache.commons.math3.util.MathArrays;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.PartitionPruningRDD;
import scala.Tuple2;
import scala.runtime.AbstractFunction1;

/**
 * One epoch's data dealt into parameter-averaging rounds, so that every element is trained on
 * exactly once. The elements are put in a seeded random order; round r holds positions
 * [r·R, (r+1)·R) of it, R = workers × elements per worker and round, and deals them to its workers
 * in turn. Every round but the last gives each worker exactly its share; the last is short, and
 * a worker it has nothing for is left out of it.
 *
 * <p>DL4J's own split instead rounds the number of rounds down and trains each worker on at most
 * its share per round, so an epoch drops the remainder of the data over R: nearly half of it when
 * the data holds less than two rounds.
 */
final class AveragingRounds {
  private AveragingRounds() {}

  /**
   * The elements numbered across partitions in order, which {@link #deal} takes. Numbering runs a
   * Spark job to count the partitions, so a fit numbers its data once and deals it every epoch.
   */
  static <T> JavaPairRDD<T, Long> number(JavaRDD<T> data) {
    return data.zipWithIndex();
  }

  /**
   * The rounds of one epoch, each an RDD with one partition per worker it uses, in position order.
   * {@code numbered} comes from {@link #number}, over data that should be cached.
   *
   * @param limit deal only the first {@code limit} positions of the epoch's order (an epoch cut
   *     short to end a budget of updates), or all of them when it is 0 or at least {@code total}
   */
  static <T> JavaRDD<T>[] deal(JavaPairRDD<T, Long> numbered, int total, int perWorker, int workers, long seed,
                               int limit) {
    if (total == 0) {
      throw new IllegalArgumentException("the training data is empty");
    }
    int count = limit > 0 ? Math.min(limit, total) : total;
    int perRound = perWorker * workers;
    int rounds = (count + perRound - 1) / perRound;
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(numbered.context());
    Broadcast<int[]> positions = sc.broadcast(randomPositions(total, seed));
    JavaPairRDD<Integer, T> positioned = numbered.mapToPair(indexed -> new Tuple2<>(
        positions.value()[Math.toIntExact(indexed._2())], indexed._1()));
    if (count < total) {
      positioned = positioned.filter(element -> element._1() < count);
    }
    JavaRDD<T> dealt = SerializedShuffle.sortWithinPartitions(positioned,
        new RoundPartitioner(perRound, workers, rounds)).values();
    @SuppressWarnings("unchecked")
    JavaRDD<T>[] split = new JavaRDD[rounds];
    for (int r = 0; r < rounds; r++) {
      int workersInRound = Math.min(workers, count - r * perRound);
      split[r] = JavaRDD.fromRDD(PartitionPruningRDD.create(dealt.rdd(),
          new PartitionRange(r * workers, r * workers + workersInRound)), dealt.classTag());
    }
    return split;
  }

  /**
   * The mini-batches the first worker, who gets the most, fits in an epoch of {@code total}
   * elements: in each round it gets every {@code workers}-th of the round's elements, cut into
   * mini-batches of {@code batchSize}, the last of them possibly short.
   */
  static int miniBatchesOfFirstWorker(int total, int batchSize, int averagingFrequency, int workers) {
    int perRound = batchSize * averagingFrequency * workers;
    int batches = 0;
    for (int start = 0; start < total; start += perRound) {
      int inRound = Math.min(perRound, total - start);
      int share = (inRound + workers - 1) / workers;
      batches += (share + batchSize - 1) / batchSize;
    }
    return batches;
  }

  /** positions[i] is where the i-th element, counted across partitions in order, comes in the epoch. */
  static int[] randomPositions(int total, long seed) {
    int[] positions = MathArrays.natural(total);
    MathArrays.shuffle(positions, new JDKRandomGenerator((int) (seed ^ (seed >>> 32))));
    return positions;
  }

  /** Position → partition round × workers + worker, dealing each round's positions to its workers in turn. */
  private static final class RoundPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;

    private final int perRound;
    private final int workers;
    private final int rounds;

    RoundPartitioner(int perRound, int workers, int rounds) {
      this.perRound = perRound;
      this.workers = workers;
      this.rounds = rounds;
    }

    @Override
    public int numPartitions() {
      return rounds * workers;
    }

    @Override
    public int getPartition(Object position) {
      int p = (Integer) position;
      return p / perRound * workers + p % perRound % workers;
    }
  }

  /** Keeps the partitions in [from, to): one round's workers. */
  private static final class PartitionRange extends AbstractFunction1<Object, Object> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int from;
    private final int to;

    PartitionRange(int from, int to) {
      this.from = from;
      this.to = to;
    }

    @Override
    public Object apply(Object partition) {
      int p = (Integer) partition;
      return p >= from && p < to;
    }
  }
}
