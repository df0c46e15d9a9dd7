package org.blnspark.jobs.cli;

import java.util.Arrays;
import java.util.Locale;
import org.blnspark.jobs.run.TrainSettings;
import org.blnspark.model.StatisticsAxes;
import org.blnspark.model.statistics.PopulationEstimator;
import org.blnspark.model.zoo.ModelSettings;
import org.blnspark.model.zoo.Normalization;
import org.blnspark.model.zoo.PaperModel;
import org.blnspark.spark.BadInputException;
import org.blnspark.spark.TrainerSettings;
import picocli.CommandLine.Option;

/**
 * The training options shared by train and sweep. Each default is the constant of the type the
 * value ends up in, so that the command line and the Java API cannot drift apart.
 */
final class TrainOptions {
  @Option(names = "--model", defaultValue = "lenet", description = "lenet, lstm or mlp (default: ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--norm", defaultValue = "bln", description = "bln, bn, ln or none (default: ${DEFAULT-VALUE})")
  String norm;

  @Option(names = "--batch-size", defaultValue = "" + TrainerSettings.DEFAULT_BATCH_SIZE_PER_WORKER,
      description = "examples per worker mini-batch: BLN's m (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--workers", defaultValue = "0", description = "workers for parameter averaging (default: Spark's "
      + "default parallelism)")
  int workers;

  @Option(names = "--epochs", defaultValue = "" + TrainSettings.DEFAULT_EPOCHS,
      description = "(default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--averaging-frequency", defaultValue = "" + TrainerSettings.DEFAULT_AVERAGING_FREQUENCY,
      description = "mini-batches per worker between parameter averages (default: ${DEFAULT-VALUE})")
  int averagingFrequency;

  @Option(names = "--lr", defaultValue = "" + ModelSettings.DEFAULT_LEARNING_RATE,
      description = "Adam's learning rate (default: ${DEFAULT-VALUE})")
  double learningRate;

  @Option(names = "--seed", defaultValue = "" + ModelSettings.DEFAULT_SEED,
      description = "seed of the weights and of the data's order (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--estimator", defaultValue = "pooled",
      description = "population statistics: pooled or epoch_average (default: ${DEFAULT-VALUE})")
  String estimator;

  @Option(names = "--axes", defaultValue = "reference",
      description = "BLN statistics axes: reference or conventional (default: ${DEFAULT-VALUE})")
  String axes;

  @Option(names = "--embedding-size", defaultValue = "" + ModelSettings.DEFAULT_EMBEDDING_SIZE,
      description = "embedding width of the lstm model (default: ${DEFAULT-VALUE})")
  int embeddingSize;

  TrainSettings settings() {
    PaperModel paperModel = parse(PaperModel.class, model, "model");
    Normalization normalization = normalization(norm);
    PopulationEstimator populationEstimator = parse(PopulationEstimator.class, estimator, "estimator");
    StatisticsAxes statisticsAxes = parse(StatisticsAxes.class, axes, "axes");
    return validated(() -> new TrainSettings(paperModel, normalization, statisticsAxes, learningRate, embeddingSize,
        epochs, TrainerSettings.builder().batchSizePerWorker(batchSize).averagingFrequency(averagingFrequency)
            .workers(workers).seed(seed).estimator(populationEstimator).build()));
  }

  static Normalization normalization(String name) {
    return parse(Normalization.class, name, "norm");
  }

  static <E extends Enum<E>> E parse(Class<E> type, String name, String option) {
    try {
      return Enum.valueOf(type, name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new BadInputException("unknown " + option + " '" + name + "'; choose one of "
          + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
    }
  }

  /**
   * Builds a value from the user's options: the value types check what they hold, and what they
   * refuse here is the user's to fix.
   */
  static <T> T validated(java.util.function.Supplier<T> value) {
    try {
      return value.get();
    } catch (BadInputException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
  }
}
