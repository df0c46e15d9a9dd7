package org.blnspark.spark;

import static org.blnspark.model.Arguments.requireAtLeast;

import java.io.Serializable;
import org.blnspark.model.statistics.PopulationEstimator;
import org.blnspark.model.zoo.ModelSettings;

/**
 * How {@link BlnSparkTrainer} trains: an immutable value, checked when it is built. Every setting
 * has a default, set here and nowhere else.
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

  /** Every setting at its default. */
  public static TrainerSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from these settings. */
  public Builder toBuilder() {
    return new Builder().batchSizePerWorker(batchSizePerWorker).averagingFrequency(averagingFrequency)
        .workers(workers).seed(seed).estimator(estimator).statisticsEveryEpoch(statisticsEveryEpoch)
        .collectTimings(collectTimings).statisticsExamples(statisticsExamples);
  }

  /** The workers of a run on {@code defaultParallelism} cores: the chosen count, or one per core. */
  public int workersFor(int defaultParallelism) {
    return workers > 0 ? workers : defaultParallelism;
  }

  /** Collects settings; {@link #build()} checks them. */
  public static final class Builder {
    private int batchSizePerWorker = DEFAULT_BATCH_SIZE_PER_WORKER;
    private int averagingFrequency = DEFAULT_AVERAGING_FREQUENCY;
    private int workers;
    private long seed = DEFAULT_SEED;
    private PopulationEstimator estimator = PopulationEstimator.POOLED;
    private boolean statisticsEveryEpoch;
    private boolean collectTimings;
    private long statisticsExamples;

    private Builder() {}

    public Builder batchSizePerWorker(int batchSizePerWorker) {
      this.batchSizePerWorker = batchSizePerWorker;
      return this;
    }

    public Builder averagingFrequency(int averagingFrequency) {
      this.averagingFrequency = averagingFrequency;
      return this;
    }

    public Builder workers(int workers) {
      this.workers = workers;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder estimator(PopulationEstimator estimator) {
      this.estimator = estimator;
      return this;
    }

    public Builder statisticsEveryEpoch(boolean statisticsEveryEpoch) {
      this.statisticsEveryEpoch = statisticsEveryEpoch;
      return this;
    }

    public Builder collectTimings(boolean collectTimings) {
      this.collectTimings = collectTimings;
      return this;
    }

    public Builder statisticsExamples(long statisticsExamples) {
      this.statisticsExamples = statisticsExamples;
      return this;
    }

    public TrainerSettings build() {
      return new TrainerSettings(batchSizePerWorker, averagingFrequency, workers, seed, estimator,
          statisticsEveryEpoch, collectTimings, statisticsExamples);
    }
  }
}
