package org.blnspark.spark;

import static org.blnspark.model.Arguments.requireAtLeast;

import java.io.Serializable;
import org.blnspark.model.statistics.PopulationEstimator;
import org.blnspark.model.zoo.ModelSettings;

/**
 * How {@link BlnSparkTrainer} trains: an immutable value, checked when it is made. Every setting
 * has a default, set in {@link #defaults()} and nowhere else; each {@code with} method returns a
 * copy with one setting changed.
 *
 * @param batchSizePerWorker examples per worker mini-batch: BLN's m (default 25, as in the paper)
 * @param averagingFrequency mini-batches each worker fits between two parameter averages (default 5)
 * @param workers workers the data is dealt to; 0 for Spark's default parallelism (the default)
 * @param seed seed of the order in which each epoch's examples are dealt into averaging rounds
 * @param estimator how the population statistics are estimated (default POOLED)
 * @param statisticsEveryEpoch run the statistics pass after every epoch, not only the last, so that
 *     per-epoch validation is meaningful (default false)
 * @param collectTimings collect DL4J's Spark timing statistics, returned as {@link TrainingTimings}
 *     (default false)
 * @param statisticsExamples estimate the population statistics from a seeded sample of this many
 *     training examples, as fvcore's PreciseBN does from a fixed number of batches; 0 for all of
 *     them (the default)
 */
public record TrainerSettings(int batchSizePerWorker, int averagingFrequency, int workers, long seed,
                              PopulationEstimator estimator, boolean statisticsEveryEpoch, boolean collectTimings,
                              long statisticsExamples)
    implements Serializable {
  public static final int DEFAULT_BATCH_SIZE_PER_WORKER = 25;
  public static final int DEFAULT_AVERAGING_FREQUENCY = 5;
  public static final long DEFAULT_SEED = ModelSettings.DEFAULT_SEED;

  public TrainerSettings {
    requireAtLeast(1, batchSizePerWorker, "batch size");
    requireAtLeast(1, averagingFrequency, "averaging frequency");
    requireAtLeast(0, workers, "workers");
    requireAtLeast(0, statisticsExamples, "statistics examples");
    if (estimator == null) {
      throw new IllegalArgumentException("an estimator is needed");
    }
  }

  /** Every setting at its default; the withers below change one each. */
  public static TrainerSettings defaults() {
    return new TrainerSettings(DEFAULT_BATCH_SIZE_PER_WORKER, DEFAULT_AVERAGING_FREQUENCY, 0, DEFAULT_SEED,
        PopulationEstimator.POOLED, false, false, 0);
  }

  /** The workers of a run on {@code defaultParallelism} cores: the chosen count, or one per core. */
  public int workersFor(int defaultParallelism) {
    return workers > 0 ? workers : defaultParallelism;
  }

  public TrainerSettings withBatchSizePerWorker(int batchSizePerWorker) {
    return new TrainerSettings(batchSizePerWorker, averagingFrequency, workers, seed, estimator, statisticsEveryEpoch,
        collectTimings, statisticsExamples);
  }

  public TrainerSettings withAveragingFrequency(int averagingFrequency) {
    return new TrainerSettings(batchSizePerWorker, averagingFrequency, workers, seed, estimator, statisticsEveryEpoch,
        collectTimings, statisticsExamples);
  }

  public TrainerSettings withWorkers(int workers) {
    return new TrainerSettings(batchSizePerWorker, averagingFrequency, workers, seed, estimator, statisticsEveryEpoch,
        collectTimings, statisticsExamples);
  }

  public TrainerSettings withSeed(long seed) {
    return new TrainerSettings(batchSizePerWorker, averagingFrequency, workers, seed, estimator, statisticsEveryEpoch,
        collectTimings, statisticsExamples);
  }

  public TrainerSettings withEstimator(PopulationEstimator estimator) {
    return new TrainerSettings(batchSizePerWorker, averagingFrequency, workers, seed, estimator, statisticsEveryEpoch,
        collectTimings, statisticsExamples);
  }

  public TrainerSettings withStatisticsEveryEpoch(boolean statisticsEveryEpoch) {
    return new TrainerSettings(batchSizePerWorker, averagingFrequency, workers, seed, estimator, statisticsEveryEpoch,
        collectTimings, statisticsExamples);
  }

  public TrainerSettings withCollectTimings(boolean collectTimings) {
    return new TrainerSettings(batchSizePerWorker, averagingFrequency, workers, seed, estimator, statisticsEveryEpoch,
        collectTimings, statisticsExamples);
  }

  public TrainerSettings withStatisticsExamples(long statisticsExamples) {
    return new TrainerSettings(batchSizePerWorker, averagingFrequency, workers, seed, estimator, statisticsEveryEpoch,
        collectTimings, statisticsExamples);
  }
}
