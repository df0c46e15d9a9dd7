package org.blnspark.model.zoo;

import java.io.Serializable;
import java.util.Objects;
import org.blnspark.model.Arguments;
import org.blnspark.model.BatchLayerNormalization;
import org.blnspark.model.StatisticsAxes;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * What the paper's model builders share: the normalisation and its settings, the number of
 * classes, the seed, Adam's learning rate, and the text model's embedding width and LSTM dropout.
 *
 * @param schedule how the learning rate changes over the epochs
 * @param dropout the share of each LSTM's inputs dropped in training, as Keras's {@code dropout};
 *     0 for none. The reference uses 0.2 (and a recurrent dropout of 0.2, which DL4J's LSTM has no
 *     equivalent of)
 * @param bnDecay DL4J BatchNormalization's decay of its running statistics, Keras's momentum
 */
public record ModelSettings(Normalization normalization, StatisticsAxes axes, double eps, int classes, long seed,
                            double learningRate, LearningRateSchedule schedule, int embeddingSize, double dropout,
                            double bnDecay)
    implements Serializable {
  /** The seed of the weights' initialisation unless one is chosen. */
  public static final long DEFAULT_SEED = 42;
  /** Adam's learning rate in the paper's Fashion-MNIST runs. */
  public static final double DEFAULT_LEARNING_RATE = 0.002;
  /** The paper's embedding width for the text model. */
  public static final int DEFAULT_EMBEDDING_SIZE = 512;
  /** The reference's LSTM dropout. */
  public static final double REFERENCE_DROPOUT = 0.2;
  /**
   * The reference's BN momentum: Keras's BatchNormalization default, 0.99, where DL4J's default
   * decay is 0.9 (the same quantity: the weight of the old running statistic).
   */
  public static final double REFERENCE_BN_DECAY = 0.99;

  public ModelSettings {
    Objects.requireNonNull(normalization, "normalization");
    Objects.requireNonNull(axes, "axes");
    Objects.requireNonNull(schedule, "schedule");
    if (classes < 2) {
      throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
    }
    Arguments.requireAtLeast(1, embeddingSize, "embedding size");
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }
    if (!(bnDecay > 0 && bnDecay < 1)) {
      throw new IllegalArgumentException("BN decay must be in (0, 1), got " + bnDecay);
    }
  }

  /** Adam at this learning rate and schedule, as the builders train. */
  Adam adam() {
    ISchedule dl4j = schedule.dl4j(learningRate);
    return dl4j == null ? new Adam(learningRate) : new Adam(dl4j);
  }

  /**
   * The defaults: reference axes, ε = 1e-3, a constant rate, the paper's embedding width, no
   * dropout, the reference's BN momentum.
   */
  public static ModelSettings of(Normalization normalization, int classes, long seed, double learningRate) {
    return new ModelSettings(normalization, StatisticsAxes.REFERENCE, BatchLayerNormalization.DEFAULT_EPS, classes,
        seed, learningRate, LearningRateSchedule.CONSTANT, DEFAULT_EMBEDDING_SIZE, 0, REFERENCE_BN_DECAY);
  }
}
