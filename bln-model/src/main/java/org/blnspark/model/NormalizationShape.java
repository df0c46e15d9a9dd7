package org.blnspark.model;

/**
 * The index arithmetic of one forward pass: which batch-statistics group and which
 * feature-statistics group each element of a {@code [m, d, P]} input belongs to, under the chosen
 * {@link StatisticsAxes}. Element (i, c, p) sits at {@code (i·d + c)·P + p}.
 */
final class NormalizationShape {
  final int m;
  final int d;
  final int positions;
  /** Statistics pooled over positions: batch statistics per channel, and for CNN feature statistics per sample. */
  private final boolean pooledBatch;
  private final boolean pooledFeature;

  NormalizationShape(int m, int d, int positions, StatisticsAxes axes, boolean convolutional) {
    this.m = m;
    this.d = d;
    this.positions = positions;
    this.pooledBatch = axes == StatisticsAxes.CONVENTIONAL;
    this.pooledFeature = axes == StatisticsAxes.CONVENTIONAL && convolutional;
  }

  /** Number of batch statistics: the length of the population batch mean and variance. */
  int batchGroups() {
    return pooledBatch ? d : d * positions;
  }

  /** Number of input elements that enter each batch statistic. */
  int batchGroupSize() {
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
  int featurePositions() {
    return pooledFeature ? 1 : positions;
  }

  int featureGroups() {
    return m * featurePositions();
  }

  int featureGroupSize() {
    return pooledFeature ? d * positions : d;
  }

  /** The feature group of element (i, c, p) is {@code featureGroupStart(i) + p·featureGroupStep()}. */
  int featureGroupStart(int i) {
    return pooledFeature ? i : i * positions;
  }

  int featureGroupStep() {
    return pooledFeature ? 0 : 1;
  }

  /** The population feature statistic that feature group {@code g} is compared with. */
  int featurePositionOf(int featureGroup) {
    return featureGroup % featurePositions();
  }

  int size() {
    return m * d * positions;
  }
}
