package org.blnspark.spark;

import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * DL4J's parameter averaging, with each epoch's data dealt into rounds by {@link AveragingRounds}
 * instead of DL4J's split: every example is trained on once per epoch, and every worker mini-batch
 * but a worker's last in the last round has exactly the per-worker batch size. The rounds come
 * already partitioned by worker, so DL4J's own repartitioning (a count job and a shuffle per
 * round) is switched off. It tells its listener when each round is done.
 */
final class WholeEpochTrainingMaster extends ParameterAveragingTrainingMaster {
  private final transient TrainingListener listener;
  private final long seed;
  private int epoch;
  private int roundsPerEpoch;
  private int limit;

  /** @param seed the run's seed, from which each epoch's dealing order is drawn */
  WholeEpochTrainingMaster(Builder builder, long seed, TrainingListener listener) {
    super(builder.repartionData(Repartition.Never));
    this.seed = seed;
    this.listener = listener;
  }

  /**
   * The number of the epoch the next fit trains, for its dealing order and the round events, and
   * how many of its examples it deals (0 for all).
   */
  void startEpoch(int epoch, int limit) {
    this.epoch = epoch;
    this.limit = limit;
  }

  /**
   * The seed of one epoch's order: a function of the run's seed and the epoch's number alone, so
   * that a run resumed at epoch k deals its epochs exactly as an uninterrupted run does.
   */
  private long dealingSeed() {
    return new java.util.SplittableRandom(seed + 0x9E3779B97F4A7C15L * epoch).nextLong();
  }

  /** The rounds the last epoch was dealt into. */
  int roundsPerEpoch() {
    return roundsPerEpoch;
  }

  @Override
  protected <T> JavaRDD<T>[] getSplitRDDs(JavaRDD<T> trainingData, int totalDataSetObjectCount,
                                          int examplesPerDataSetObject) {
    if (collectTrainingStats) {
      stats.logSplitStart();
    }
    JavaRDD<T>[] rounds = AveragingRounds.deal(trainingData, totalDataSetObjectCount,
        numObjectsEachWorker(examplesPerDataSetObject), numWorkers, dealingSeed(), limit);
    if (collectTrainingStats) {
      stats.logSplitEnd();
    }
    roundsPerEpoch = rounds.length;
    return rounds;
  }

  /** {@code number} counts from 1: DL4J's executeTrainingDirect numbers its splits so. */
  @Override
  protected void doIteration(SparkDl4jMultiLayer network, JavaRDD<DataSet> round, int number, int rounds) {
    super.doIteration(network, round, number, rounds);
    listener.roundDone(new TrainingListener.RoundDone(epoch, number, rounds));
  }

  @Override
  protected void doIteration(SparkComputationGraph graph, JavaRDD<MultiDataSet> round, int number, int rounds) {
    super.doIteration(graph, round, number, rounds);
    listener.roundDone(new TrainingListener.RoundDone(epoch, number, rounds));
  }
}
