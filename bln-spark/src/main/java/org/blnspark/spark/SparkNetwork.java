package org.blnspark.spark;

import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.blnspark.model.BlnNetwork;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.stats.SparkTrainingStats;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.graph.dataset.DataSetToMultiDataSetFn;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * DL4J's Spark wrapper of a network of either kind, fitting one epoch of one training RDD at a
 * time, with the RDD that DL4J caches for the fit released at the end: DL4J never lets it go, and
 * a sweep fits many networks in one JVM.
 */
final class SparkNetwork {
  private final Runnable fitEpoch;
  private final DoubleSupplier score;
  private final Supplier<SparkTrainingStats> stats;
  private final Runnable release;

  private SparkNetwork(Runnable fitEpoch, DoubleSupplier score, Supplier<SparkTrainingStats> stats,
                       Runnable release) {
    this.fitEpoch = fitEpoch;
    this.score = score;
    this.stats = stats;
    this.release = release;
  }

  static SparkNetwork of(JavaSparkContext sc, Model net, WholeEpochTrainingMaster master, JavaRDD<DataSet> data,
                         boolean collectStats) {
    return BlnNetwork.of(net).either(
        layered -> ofLayered(new SparkDl4jMultiLayer(sc, layered, master), data, collectStats),
        graph -> ofGraph(new SparkComputationGraph(sc, graph, master), data, collectStats));
  }

  private static SparkNetwork ofGraph(SparkComputationGraph spark, JavaRDD<DataSet> data, boolean collectStats) {
    // DL4J fits a graph on MultiDataSets. The conversion is made once here, so that every epoch
    // reads the one RDD that DL4J caches, and that it can be released.
    spark.setCollectTrainingStats(collectStats);
    JavaRDD<MultiDataSet> examples = data.map(new DataSetToMultiDataSetFn());
    return new SparkNetwork(() -> spark.fitMultiDataSet(examples), spark::getScore, spark::getSparkTrainingStats,
        () -> examples.unpersist(false));
  }

  private static SparkNetwork ofLayered(SparkDl4jMultiLayer spark, JavaRDD<DataSet> data, boolean collectStats) {
    spark.setCollectTrainingStats(collectStats);
    boolean cachedByDl4j = data.getStorageLevel().equals(StorageLevel.NONE());
    return new SparkNetwork(() -> spark.fit(data), spark::getScore, spark::getSparkTrainingStats, () -> {
      if (cachedByDl4j) {
        data.unpersist(false);
      }
    });
  }

  void fitEpoch() {
    fitEpoch.run();
  }

  /** The mean training loss of the last epoch, as the workers reported it. */
  double score() {
    return score.getAsDouble();
  }

  SparkTrainingStats stats() {
    return stats.get();
  }

  void release() {
    release.run();
  }
}
