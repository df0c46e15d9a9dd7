package org.blnspark.spark;

import java.io.Serializable;
import org.apache.commons.lang3.SerializationUtils;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;

/**
 * Spark's {@code repartitionAndSortWithinPartitions} for records whose values hold ND4J arrays,
 * with the values crossing the shuffle as their Java-serialized bytes. Spark's sort shuffle samples
 * the size of the records it buffers by walking their object graphs, and an ND4J array's graph
 * reaches into JavaCPP's pointers and deallocators: dealing 2,000 Fashion-MNIST examples into
 * rounds, that walk was 120 of the executors' 589 profile samples (JFR, one freq-1 bench run).
 */
final class SerializedShuffle {
  private SerializedShuffle() {}

  /** The records moved to {@code partitioner}'s partitions, each sorted by position. */
  static <T> JavaPairRDD<Integer, T> sortWithinPartitions(JavaPairRDD<Integer, T> positioned,
                                                         Partitioner partitioner) {
    return positioned.mapValues(value -> SerializationUtils.serialize((Serializable) value))
        .repartitionAndSortWithinPartitions(partitioner)
        .mapValues(SerializationUtils::<T>deserialize);
  }
}
