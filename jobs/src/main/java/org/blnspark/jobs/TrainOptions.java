package org.blnspark.jobs;

import java.util.Locale;
import org.blnspark.model.Normalization;
import org.blnspark.model.PopulationEstimator;
import org.blnspark.model.StatisticsAxes;
import picocli.CommandLine.Option;

/** The training options shared by train, sweep and quickstart. */
final class TrainOptions {
  @Option(names = "--model", defaultValue = "lenet", description = "lenet, lstm or mlp (default: ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--norm", defaultValue = "bln", description = "bln, bn, ln or none (default: ${DEFAULT-VALUE})")
  String norm;

  @Option(names = "--batch-size", defaultValue = "25", description = "examples per worker mini-batch: BLN's m "
      + "(default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--workers", defaultValue = "0", description = "workers for parameter averaging (default: Spark's "
      + "default parallelism)")
  int workers;

  @Option(names = "--epochs", defaultValue = "2", description = "(default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--averaging-frequency", defaultValue = "5",
      description = "mini-batches per worker between parameter averages (default: ${DEFAULT-VALUE})")
  int averagingFrequency;

  @Option(names = "--lr", defaultValue = "0.002", description = "Adam's learning rate (default: ${DEFAULT-VALUE})")
  double learningRate;

  @Option(names = "--seed", defaultValue = "42", description = "(default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--estimator", defaultValue = "pooled",
      description = "population statistics: pooled or epoch_average (default: ${DEFAULT-VALUE})")
  String estimator;

  @Option(names = "--axes", defaultValue = "reference",
      description = "BLN statistics axes: reference or conventional (default: ${DEFAULT-VALUE})")
  String axes;

  @Option(names = "--embedding-size", defaultValue = "512",
      description = "embedding width of the lstm model (default: ${DEFAULT-VALUE})")
  int embeddingSize;

  TrainSettings settings() {
    return new TrainSettings(parse(ModelKind.class, model, "model"), normalization(norm), batchSize, workers, epochs,
        averagingFrequency, learningRate, seed, parse(PopulationEstimator.class, estimator, "estimator"),
        parse(StatisticsAxes.class, axes, "axes"), embeddingSize);
  }

  static Normalization normalization(String name) {
    return parse(Normalization.class, name, "norm");
  }

  static <E extends Enum<E>> E parse(Class<E> type, String name, String option) {
    try {
      return Enum.valueOf(type, name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new BadInputException("unknown " + option + " '" + name + "'; choose one of "
          + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
    }
  }
}
