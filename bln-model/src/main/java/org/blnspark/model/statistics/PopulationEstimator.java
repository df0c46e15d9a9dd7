package org.blnspark.model.statistics;

import java.util.Optional;
import org.blnspark.model.kernel.NormalizationShape;

/** How the population batch statistics are estimated from the statistics pass; see docs/maths.md. */
public enum PopulationEstimator {
  /**
   * The exact mean and unbiased variance of the layer input over every example seen, whatever the
   * split into batches or partitions. Defined for any batch size.
   */
  POOLED,
  /**
   * The paper's: the mean of the batch means and of the unbiased batch variances, over the batches
   * in which a statistic's group held at least 2 values. Undefined when no batch can: a mini-batch
   * of 1 example under reference axes gives every group one value.
   */
  EPOCH_AVERAGE;

  /**
   * Why this estimator cannot be used with full mini-batches of {@code shape}, if it cannot: the
   * one statement of that rule, for the trainer before any work and for the estimate itself.
   */
  public Optional<String> problemAt(NormalizationShape shape) {
    if (this == EPOCH_AVERAGE && shape.batchGroupSize() < 2) {
      return Optional.of("EPOCH_AVERAGE is undefined for a mini-batch of " + shape.m() + " example"
          + (shape.m() == 1 ? "" : "s") + " here: each batch statistic holds " + shape.batchGroupSize() + " value, "
          + "and an unbiased variance divides by n-1 = 0; use POOLED");
    }
    return Optional.empty();
  }
}
