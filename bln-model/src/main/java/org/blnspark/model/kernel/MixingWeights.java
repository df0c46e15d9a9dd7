package org.blnspark.model.kernel;

/**
 * The weights of {@code y = γ·(feature·x̂_F + batch·x̂_B)·scale + β}.
 *
 * @param feature weight of the feature-normalised input
 * @param batch weight of the batch-normalised input
 * @param scale the factor applied to the mixture, 1/sqrt(d) for BLN
 */
public record MixingWeights(double feature, double batch, double scale) {
  /** The paper's offset, which keeps both weights strictly inside (0, 1). */
  static final double OFFSET = 1e-4;

  /** Layer normalisation: the feature-normalised input alone, unscaled. */
  public static final MixingWeights LAYER_ONLY = new MixingWeights(1, 0, 1);

  /** BLN's weights for a mini-batch of {@code m} examples of {@code d} features. */
  public static MixingWeights batchLayer(int m, long d) {
    double inverseM = 1.0 / m;
    return new MixingWeights(inverseM - OFFSET, 1 - inverseM - OFFSET, 1 / Math.sqrt(d));
  }
}
