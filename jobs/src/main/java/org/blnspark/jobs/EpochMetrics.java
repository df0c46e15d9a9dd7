package org.blnspark.jobs;

/**
 * One epoch of a training run, as written to metrics.json and metrics.csv.
 *
 * @param validationLoss mean loss on the validation split under the model's inference configuration
 * @param seconds wall time of the epoch: training, statistics pass and validation
 */
public record EpochMetrics(int epoch, double trainLoss, double validationLoss, double validationAccuracy,
                           double seconds) {
  static final String CSV_HEADER = "epoch,train_loss,validation_loss,validation_accuracy,seconds";

  String csvRow() {
    return epoch + "," + trainLoss + "," + validationLoss + "," + validationAccuracy + "," + seconds;
  }
}
