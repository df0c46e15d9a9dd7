package org.blnspark.model.kernel;

/**
 * The index arithmetic of one forward pass: which batch-statistics group and which
 * feature-statistics group each element of a {@code [m, d, P]} input belongs to. Element
 * (i, c, p) sits at {@code (i·d + c)·P + p}.
 *
 * @param m examples in the mini-batch
 * @param d features or channels
 * @param positions positions per feature: 1 for dense input, T for sequences, H·W for images
 * @param pooledBatch batch statistics pooled over positions (one per channel), as batch norm does
 * @param pooledFeature feature statistics pooled over positions (one per sample), as layer norm
 *     does on images
 */
public record NormalizationShape(int m, int d, int positions, boolean pooledBatch, boolean pooledFeature) {

  /** Number of batch statistics: the length of the population batch mean and variance. */
  public int batchGroups() {
    return pooledBatch ? d : d * positions;
  }

  /** Number of input elements that enter each batch statistic. */
  public int batchGroupSize() {
    return pooledBatch ? m * positions : m;
  }

  /**
   * The batch group of element (i, c, p) is {@code batchGroupStart(c) + p·batchGroupStep()}: the
   * kernel's inner loop over p then needs no branch and no call.
   */
  int batchGroupStart(int c) {
    return pooledBatch ? c : c * positions;
  }

  int batchGroupStep() {
    return pooledBatch ? 0 : 1;
  }

  /** Number of population feature statistics: one per position, or one in all. */
  public int featurePositions() {
    return pooledFeature ? 1 : positions;
  }

  public int featureGroups() {
    return m * featurePositions();
  }

  int featureGroupSize() {
    return pooledFeature ? d * positions : d;
  }

  /** The feature group of element (i, c, p) is {@code featureGroupStart(i) + p·featureGroupStep()}. */
  int featureGroupStart(int i) {
    return i * featureGroupStride();
  }

  /** How far the feature group moves from one example to the next. */
  int featureGroupStride() {
    return pooledFeature ? 1 : positions;
  }

  int featureGroupStep() {
    return pooledFeature ? 0 : 1;
  }

  /** The population feature statistic that feature group {@code g} is compared with. */
  public int featurePositionOf(int featureGroup) {
    return featureGroup % featurePositions();
  }

  public int size() {
    return m * d * positions;
  }
}
