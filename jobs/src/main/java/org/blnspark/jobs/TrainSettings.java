package org.blnspark.jobs;

import java.io.Serializable;
import org.blnspark.model.Normalization;
import org.blnspark.model.PopulationEstimator;
import org.blnspark.model.StatisticsAxes;

/** Everything that decides what a training run computes, checked once when it is made. */
public record TrainSettings(ModelKind model, Normalization normalization, int batchSize, int workers, int epochs,
                            int averagingFrequency, double learningRate, long seed, PopulationEstimator estimator,
                            StatisticsAxes axes, int embeddingSize) implements Serializable {
  public TrainSettings {
    requireAtLeast(1, batchSize, "batch size");
    requireAtLeast(0, workers, "workers");
    requireAtLeast(1, epochs, "epochs");
    requireAtLeast(1, averagingFrequency, "averaging frequency");
    requireAtLeast(1, embeddingSize, "embedding size");
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new BadInputException("learning rate must be a positive number, got " + learningRate);
    }
    if (estimator == PopulationEstimator.EPOCH_AVERAGE && batchSize == 1) {
      throw new BadInputException("the EPOCH_AVERAGE estimator is undefined at batch size 1 (its unbiased variance "
          + "divides by m-1 = 0); use --estimator pooled");
    }
  }

  TrainSettings with(Normalization normalization, int batchSize, int workers, long seed) {
    return new TrainSettings(model, normalization, batchSize, workers, epochs, averagingFrequency, learningRate, seed,
        estimator, axes, embeddingSize);
  }

  private static void requireAtLeast(int min, int value, String what) {
    if (value < min) {
      throw new BadInputException(what + " must be at least " + min + ", got " + value);
    }
  }
}
