package org.blnspark.jobs.run;

import java.util.List;

/**
 * One epoch of a training run, as written to metrics.json and metrics.csv.
 *
 * @param validationLoss mean loss on the validation split under the model's inference configuration
 * @param seconds wall time of the epoch: training, statistics pass and validation
 */
public record EpochMetrics(int epoch, double trainLoss, double validationLoss, double validationAccuracy,
                           double seconds) {
  static final List<String> CSV_HEADER = List.of("epoch", "train_loss", "validation_loss", "validation_accuracy",
      "seconds");

  List<Object> csvRow() {
    return List.of(epoch, trainLoss, validationLoss, validationAccuracy, seconds);
  }
}
