package org.blnspark.model;

/** How the population batch statistics are estimated from the statistics pass; see docs/bln-math.md. */
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
  EPOCH_AVERAGE
}
