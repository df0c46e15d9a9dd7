package org.blnspark.spark;

import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;

/**
 * DL4J's parameter averaging, with each epoch's data dealt into rounds by {@link AveragingRounds}
 * instead of DL4J's split: every example is trained on once per epoch, and every worker mini-batch
 * but a worker's last in the last round has exactly the per-worker batch size. The rounds come
 * already partitioned by worker, so DL4J's own repartitioning (a count job and a shuffle per
 * round) is switched off.
 */
final class WholeEpochTrainingMaster extends ParameterAveragingTrainingMaster {
  WholeEpochTrainingMaster(Builder builder) {
    super(builder.repartionData(Repartition.Never));
  }

  @Override
  protected <T> JavaRDD<T>[] getSplitRDDs(JavaRDD<T> trainingData, int totalDataSetObjectCount,
                                          int examplesPerDataSetObject) {
    if (collectTrainingStats) {
      stats.logSplitStart();
    }
    JavaRDD<T>[] rounds = AveragingRounds.deal(trainingData, totalDataSetObjectCount,
        numObjectsEachWorker(examplesPerDataSetObject), numWorkers, rng.nextLong());
    if (collectTrainingStats) {
      stats.logSplitEnd();
    }
    return rounds;
  }
}
