package org.blnspark.spark;

import java.io.Serializable;
import org.deeplearning4j.spark.api.stats.SparkTrainingStats;

/**
 * The sum of the workers' results of one averaging round, as they are combined on the way to the
 * driver: their trained states, their last mini-batch's losses, and DL4J's timing statistics when
 * they are collected. The empty result is the sum of no workers.
 */
final class RoundResult implements Serializable {
  private static final long serialVersionUID = 1L;

  private TrainingState stateSum;
  private double scoreSum;
  private int workers;
  private SparkTrainingStats stats;

  private RoundResult(TrainingState stateSum, double scoreSum, int workers, SparkTrainingStats stats) {
    this.stateSum = stateSum;
    this.scoreSum = scoreSum;
    this.workers = workers;
    this.stats = stats;
  }

  static RoundResult empty() {
    return new RoundResult(null, 0, 0, null);
  }

  /** One worker's result; {@code stats} is null unless timings are collected. */
  static RoundResult ofWorker(TrainingState state, double score, SparkTrainingStats stats) {
    return new RoundResult(state, score, 1, stats);
  }

  /** Adds {@code other} into this result, in place, and returns this: Spark's aggregate allows it. */
  RoundResult add(RoundResult other) {
    if (other.workers == 0) {
      return this;
    }
    stateSum = stateSum == null ? other.stateSum : stateSum.add(other.stateSum);
    scoreSum += other.scoreSum;
    workers += other.workers;
    if (stats == null) {
      stats = other.stats;
    } else if (other.stats != null) {
      stats.addOtherTrainingStats(other.stats);
    }
    return this;
  }

  int workers() {
    return workers;
  }

  /** The workers' mean state; consumes this result's sum. */
  TrainingState meanState() {
    stateSum.divideBy(workers);
    return stateSum;
  }

  double meanScore() {
    return scoreSum / workers;
  }

  /** DL4J's timing statistics of the round's workers, or null when they are not collected. */
  SparkTrainingStats stats() {
    return stats;
  }
}
