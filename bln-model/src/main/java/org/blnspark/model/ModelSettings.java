package org.blnspark.model;

import java.io.Serializable;
import java.util.Objects;

/**
 * What the paper's model builders share: the normalisation and its settings, the number of
 * classes, the seed and Adam's learning rate.
 */
public record ModelSettings(Normalization normalization, StatisticsAxes axes, double eps, int classes, long seed,
                            double learningRate) implements Serializable {
  public ModelSettings {
    Objects.requireNonNull(normalization, "normalization");
    Objects.requireNonNull(axes, "axes");
    if (classes < 2) {
      throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
    }
  }

  /** The defaults: reference axes, ε = 1e-3. */
  public static ModelSettings of(Normalization normalization, int classes, long seed, double learningRate) {
    return new ModelSettings(normalization, StatisticsAxes.REFERENCE, BatchLayerNormalization.DEFAULT_EPS, classes,
        seed, learningRate);
  }
}
