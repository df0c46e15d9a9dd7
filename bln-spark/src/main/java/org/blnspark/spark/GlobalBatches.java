package org.blnspark.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * Mini-batches that do not depend on how the data is partitioned: every element gets a seeded
 * random position in the whole data (counted across partitions in order, as the training rounds
 * count them), and batch b holds positions [b·m, (b+1)·m). A BLN layer after another sees its
 * input through that layer's batch statistics, so its population statistics depend on which
 * examples share a batch; dealt this way, they are the same for any partitioning, to rounding.
 */
final class GlobalBatches {
  private GlobalBatches() {}

  /**
   * The batches of {@code data}, each a list in position order, spread over as many partitions as
   * {@code data} has (a batch never spans two).
   *
   * @param limit keep only the first {@code limit} positions, a seeded sample; 0 or more than the
   *     data keeps everything
   */
  static <T> JavaRDD<List<T>> deal(JavaRDD<T> data, int batchSize, long seed, long limit) {
    long total = data.count();
    int kept = Math.toIntExact(limit > 0 ? Math.min(limit, total) : total);
    Broadcast<int[]> positions = JavaSparkContext.fromSparkContext(data.context())
        .broadcast(AveragingRounds.randomPositions(Math.toIntExact(total), seed));
    JavaPairRDD<Integer, T> positioned = data.zipWithIndex()
        .mapToPair(indexed -> new Tuple2<>(positions.value()[Math.toIntExact(indexed._2())], indexed._1()))
        .filter(element -> element._1() < kept);
    return SerializedShuffle.sortWithinPartitions(positioned,
            new BatchPartitioner(batchSize, Math.max(1, data.getNumPartitions())))
        .mapPartitions(elements -> cut(elements, batchSize));
  }

  /** Consecutive positions of one batch, sorted, become one list. */
  private static <T> Iterator<List<T>> cut(Iterator<Tuple2<Integer, T>> sorted, int batchSize) {
    if (!sorted.hasNext()) {
      return Collections.emptyIterator();
    }
    List<List<T>> batches = new ArrayList<>();
    List<T> batch = new ArrayList<>(batchSize);
    int current = -1;
    while (sorted.hasNext()) {
      Tuple2<Integer, T> element = sorted.next();
      int number = element._1() / batchSize;
      if (number != current && !batch.isEmpty()) {
        batches.add(batch);
        batch = new ArrayList<>(batchSize);
      }
      current = number;
      batch.add(element._2());
    }
    batches.add(batch);
    return batches.iterator();
  }

  /** Position → partition of its batch, batches dealt to partitions in turn. */
  private static final class BatchPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;

    private final int batchSize;
    private final int partitions;

    BatchPartitioner(int batchSize, int partitions) {
      this.batchSize = batchSize;
      this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
      return partitions;
    }

    @Override
    public int getPartition(Object position) {
      return (Integer) position / batchSize % partitions;
    }
  }
}
