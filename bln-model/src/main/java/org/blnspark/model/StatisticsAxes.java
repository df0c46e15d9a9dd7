package org.blnspark.model;

/** Which axes BLN's batch and feature statistics reduce over; see docs/maths.md. */
public enum StatisticsAxes {
  /**
   * The paper's code: batch statistics over the mini-batch only (one per feature and position),
   * feature statistics over the feature/channel axis only (one per sample and position).
   */
  REFERENCE,
  /**
   * Batch statistics per channel over the mini-batch and every position (as batch norm does);
   * for CNN input, feature statistics per sample over channels and positions (as layer norm does).
   */
  CONVENTIONAL
}
