package org.blnspark.model.statistics;

/** Which layers a statistics pass estimates population statistics for. */
public enum ObservedLayers {
  /** BLN's layers only; DL4J's BatchNormalization layers keep the running averages they trained with. */
  BLN,
  /**
   * BLN's layers and DL4J's BatchNormalization layers, whose running averages are replaced by the
   * pass's estimates: BN with its statistics estimated exactly as BLN's are, so that a comparison of
   * the two does not also compare a running average with a pass over the data.
   */
  BLN_AND_BATCH_NORMALIZATION
}
