package org.blnspark.jobs.run;

import org.blnspark.model.zoo.Normalization;

/**
 * One arm of the batch-size study: a normalisation as trained, and for BN also where its inference
 * statistics come from. The order is the order of the study's tables, and of its differences:
 * an earlier arm minus a later one.
 */
public enum Arm {
  BLN,
  /** DL4J's BatchNormalization inferring from the running averages it kept while training. */
  BN,
  /**
   * The same trained BN network, inferring from population statistics recomputed after training
   * by the statistics pass BLN's layers get, so that comparing BLN with BN does not also compare a
   * pass over the data with a running average.
   */
  BN_RECOMPUTED,
  LN,
  NONE;

  /** The arm of a network trained with {@code norm}, inferring as it trained. */
  public static Arm of(Normalization norm) {
    return valueOf(norm.name());
  }
}
