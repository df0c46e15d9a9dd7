package org.blnspark.model;

/** How the two normalised inputs are combined. */
public enum Mixing {
  /** BLN: weights 1/m and 1 - 1/m (less 1e-4 each), scaled by 1/sqrt(d). */
  BATCH_LAYER,
  /**
   * Layer normalisation on the same code path: the feature-normalised input alone, unscaled, with
   * no population statistics. DL4J 1.0.0-M2 has no layer-normalisation layer of its own.
   */
  LAYER
}
