package org.blnspark.model.statistics;

import java.util.Optional;

/** How the population batch statistics are estimated from the statistics pass; see docs/maths.md. */
public enum PopulationEstimator {
  /**
   * The exact mean and unbiased variance of the layer input over every example seen, whatever the
   * split into batches or partitions. Defined for any batch size.
   */
  POOLED,
  /**
   * The paper's: the mean of the batch means and of the unbiased batch variances. Undefined for a
   * mini-batch of one example, where the unbiased variance divides by zero.
   */
  EPOCH_AVERAGE;

  /**
   * Why this estimator cannot be used with mini-batches of {@code batchSize} examples, if it
   * cannot: the one statement of that rule, for settings, the CLI and the estimate itself.
   */
  public Optional<String> problemAtBatchSize(int batchSize) {
    if (this == EPOCH_AVERAGE && batchSize == 1) {
      return Optional.of("EPOCH_AVERAGE is undefined for a mini-batch of 1 example (its unbiased variance divides "
          + "by m-1 = 0); use POOLED");
    }
    return Optional.empty();
  }
}
