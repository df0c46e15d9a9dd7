package org.blnspark.model.zoo;

import java.io.Serializable;
import java.util.Objects;
import org.blnspark.model.BatchLayerNormalization;
import org.blnspark.model.StatisticsAxes;

/**
 * What the paper's model builders share: the normalisation and its settings, the number of
 * classes, the seed, Adam's learning rate, and the text model's embedding width.
 */
public record ModelSettings(Normalization normalization, StatisticsAxes axes, double eps, int classes, long seed,
                            double learningRate, int embeddingSize) implements Serializable {
  /** The seed of the weights' initialisation unless one is chosen. */
  public static final long DEFAULT_SEED = 42;
  /** Adam's learning rate in the paper's Fashion-MNIST runs. */
  public static final double DEFAULT_LEARNING_RATE = 0.002;
  /** The paper's embedding width for the text model. */
  public static final int DEFAULT_EMBEDDING_SIZE = 512;

  public ModelSettings {
    Objects.requireNonNull(normalization, "normalization");
    Objects.requireNonNull(axes, "axes");
    if (classes < 2) {
      throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
    }
    if (embeddingSize < 1) {
      throw new IllegalArgumentException("embedding size must be at least 1, got " + embeddingSize);
    }
  }

  /** The defaults: reference axes, ε = 1e-3, the paper's embedding width. */
  public static ModelSettings of(Normalization normalization, int classes, long seed, double learningRate) {
    return new ModelSettings(normalization, StatisticsAxes.REFERENCE, BatchLayerNormalization.DEFAULT_EPS, classes,
        seed, learningRate, DEFAULT_EMBEDDING_SIZE);
  }
}
