package org.blnspark.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.stats.SparkTrainingStats;
import org.deeplearning4j.spark.impl.graph.dataset.DataSetToMultiDataSetFn;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * DL4J's Spark wrapper of a network of either kind, fitting one epoch of one training RDD at a
 * time, with the RDD that DL4J caches for the fit released at the end: DL4J never lets it go, and
 * a sweep fits many networks in one JVM.
 */
abstract sealed class SparkNetwork permits SparkNetwork.Layered, SparkNetwork.Graph {
  static SparkNetwork of(JavaSparkContext sc, Model net, WholeEpochTrainingMaster master, JavaRDD<DataSet> data,
                         boolean collectStats) {
    return net instanceof ComputationGraph graph ? new Graph(sc, graph, master, data, collectStats)
        : new Layered(sc, (MultiLayerNetwork) net, master, data, collectStats);
  }

  abstract void fitEpoch();

  /** The mean training loss of the last epoch, as the workers reported it. */
  abstract double score();

  abstract SparkTrainingStats stats();

  abstract void release();

  /** A MultiLayerNetwork, fitted on the DataSets themselves. */
  static final class Layered extends SparkNetwork {
    private final SparkDl4jMultiLayer net;
    private final JavaRDD<DataSet> data;
    private final boolean cachedByDl4j;

    Layered(JavaSparkContext sc, MultiLayerNetwork network, WholeEpochTrainingMaster master, JavaRDD<DataSet> data,
            boolean collectStats) {
      this.net = new SparkDl4jMultiLayer(sc, network, master);
      this.net.setCollectTrainingStats(collectStats);
      this.data = data;
      this.cachedByDl4j = data.getStorageLevel().equals(StorageLevel.NONE());
    }

    @Override
    void fitEpoch() {
      net.fit(data);
    }

    @Override
    double score() {
      return net.getScore();
    }

    @Override
    SparkTrainingStats stats() {
      return net.getSparkTrainingStats();
    }

    @Override
    void release() {
      if (cachedByDl4j) {
        data.unpersist(false);
      }
    }
  }

  /**
   * A ComputationGraph, which DL4J fits on MultiDataSets. The conversion is made once here, so
   * that every epoch reads the one RDD that DL4J caches, and that it can be released.
   */
  static final class Graph extends SparkNetwork {
    private final SparkComputationGraph net;
    private final JavaRDD<MultiDataSet> data;

    Graph(JavaSparkContext sc, ComputationGraph network, WholeEpochTrainingMaster master, JavaRDD<DataSet> data,
          boolean collectStats) {
      this.net = new SparkComputationGraph(sc, network, master);
      this.net.setCollectTrainingStats(collectStats);
      this.data = data.map(new DataSetToMultiDataSetFn());
    }

    @Override
    void fitEpoch() {
      net.fitMultiDataSet(data);
    }

    @Override
    double score() {
      return net.getScore();
    }

    @Override
    SparkTrainingStats stats() {
      return net.getSparkTrainingStats();
    }

    @Override
    void release() {
      data.unpersist(false);
    }
  }
}
