package org.blnspark.jobs.run;

import java.util.List;
import java.util.Map;
import org.blnspark.model.statistics.StatisticsPrecision;

/**
 * One epoch of a training run, as written to metrics.json and metrics.csv.
 *
 * @param validationLoss mean loss on the validation split under the model's inference configuration
 * @param seconds wall time of the epoch: training, statistics pass and validation
 * @param statistics how precise the epoch's population statistics are, by BLN layer name; empty
 *     when the epoch ran no statistics pass or the network has no BLN layer. JSON only: a CSV row
 *     has no place for a map.
 */
public record EpochMetrics(int epoch, double trainLoss, double validationLoss, double validationAccuracy,
                           double seconds, Map<String, StatisticsPrecision> statistics) {
  static final List<String> CSV_HEADER = List.of("epoch", "train_loss", "validation_loss", "validation_accuracy",
      "seconds");

  List<Object> csvRow() {
    return List.of(epoch, trainLoss, validationLoss, validationAccuracy, seconds);
  }
}
