package org.blnspark.jobs.cli;

import org.blnspark.jobs.run.BuiltInOptions;
import org.blnspark.jobs.run.ModelSource;
import org.blnspark.jobs.run.TrainSettings;
import org.blnspark.model.StatisticsAxes;
import org.blnspark.model.statistics.PopulationEstimator;
import org.blnspark.model.zoo.LearningRateSchedule;
import org.blnspark.model.zoo.ModelSettings;
import org.blnspark.model.zoo.Normalization;
import org.blnspark.model.zoo.PaperModel;
import org.blnspark.model.BadInputException;
import org.blnspark.spark.TrainerSettings;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The model and trainer options shared by train and sweep, but for those a sweep's grid sets
 * ({@link RunOptions}) and the run's length ({@link BudgetOptions}). Each default is the constant of the type the
 * value ends up in, so that the command line and the Java API cannot drift apart; the built-in
 * models' own options have none here, so that giving them with a configuration file is refused.
 */
final class TrainOptions {
  @ArgGroup(exclusive = true)
  ModelChoice modelChoice;

  /** A built-in model or the user's own configuration file: one or the other. */
  static final class ModelChoice {
    @Option(names = "--model", required = true, description = "a built-in model: lenet, resnet (a residual CNN) for "
        + "images, lstm for token sequences, mlp for any features (default: lenet)")
    PaperModel builtIn;

    @Option(names = "--model-config", required = true, description = "your own network instead: a DL4J JSON "
        + "configuration (as toJson() writes it) of a MultiLayerConfiguration or a ComputationGraphConfiguration, on "
        + "any Hadoop path; its updater, schedule, regularisation and seed are used")
    String file;
  }

  @Option(names = "--averaging-frequency", defaultValue = "" + TrainerSettings.DEFAULT_AVERAGING_FREQUENCY,
      description = "mini-batches per worker between parameter averages (default: ${DEFAULT-VALUE})")
  int averagingFrequency;

  @Option(names = "--lr", description = "Adam's learning rate of the built-in models (default: "
      + ModelSettings.DEFAULT_LEARNING_RATE + ")")
  Double learningRate;

  @Option(names = "--estimator", defaultValue = "pooled",
      description = "population statistics: pooled or epoch_average (default: ${DEFAULT-VALUE})")
  PopulationEstimator estimator;

  @Option(names = "--axes", defaultValue = "reference",
      description = "BLN statistics axes: reference or conventional (default: ${DEFAULT-VALUE})")
  StatisticsAxes axes;

  @Option(names = "--embedding-size", description = "embedding width of the lstm model (default: "
      + ModelSettings.DEFAULT_EMBEDDING_SIZE + ")")
  Integer embeddingSize;

  @Option(names = "--dropout", description = "the lstm model's LSTM input dropout, as Keras's dropout; the reference "
      + "uses " + ModelSettings.REFERENCE_DROPOUT + " (default: 0, none)")
  Double dropout;

  @Option(names = "--statistics-examples", defaultValue = "0", description = "estimate the population statistics "
      + "from a seeded sample of this many training examples (default: 0, all of them)")
  long statisticsExamples;

  @Option(names = "--bn-decay", description = "DL4J BN's decay of its running statistics in the built-in models; the "
      + "reference's Keras momentum is " + ModelSettings.REFERENCE_BN_DECAY + ", DL4J's own default 0.9 (default: "
      + ModelSettings.REFERENCE_BN_DECAY + ")")
  Double bnDecay;

  @Option(names = "--lr-schedule", description = "the built-in models' learning rate per epoch: constant, "
      + "step:FACTOR:EVERY, exponential:FACTOR or cosine[:FLOOR] (default: constant)")
  LearningRateSchedule lrSchedule;

  @Option(names = "--no-mask", description = "feed token sequences without a mask of their real tokens, as the "
      + "reference's Keras model does; by default padding is masked, so it enters no statistic")
  boolean noMask;

  /** The settings of a run with these options, {@code run}'s and {@code length}'s. */
  TrainSettings settings(RunOptions run, BudgetOptions length) {
    ModelSource source = modelSource();
    boolean builtIn = source instanceof ModelSource.BuiltIn;
    Normalization normalization = run.norm != null ? run.norm : builtIn ? Normalization.BLN : null;
    return validated(() -> new TrainSettings(source, normalization, axes, new BuiltInOptions(
        learningRate != null ? learningRate : ModelSettings.DEFAULT_LEARNING_RATE,
        lrSchedule != null ? lrSchedule.spanning(length.nominalEpochs()) : LearningRateSchedule.CONSTANT,
        embeddingSize != null ? embeddingSize : ModelSettings.DEFAULT_EMBEDDING_SIZE, dropout != null ? dropout : 0,
        bnDecay != null ? bnDecay : ModelSettings.REFERENCE_BN_DECAY),
        !noMask, length.budget(), length.patience,
        TrainerSettings.defaults().withBatchSizePerWorker(run.batchSize).withAveragingFrequency(averagingFrequency)
            .withWorkers(run.workers).withSeed(run.seed).withEstimator(estimator)
            .withStatisticsExamples(statisticsExamples)));
  }

  /** A built-in model, or the user's file; the built-in models' own options make no sense with a file. */
  private ModelSource modelSource() {
    if (modelChoice == null || modelChoice.file == null) {
      return new ModelSource.BuiltIn(modelChoice == null ? PaperModel.LENET : modelChoice.builtIn);
    }
    String builtInOption = learningRate != null ? "--lr" : lrSchedule != null ? "--lr-schedule"
        : embeddingSize != null ? "--embedding-size" : dropout != null ? "--dropout" : bnDecay != null ? "--bn-decay"
        : null;
    if (builtInOption != null) {
      throw new BadInputException(builtInOption + " is for the built-in models; " + modelChoice.file + " sets its own "
          + "updater, schedule, sizes and dropout");
    }
    return new ModelSource.FromFile(modelChoice.file);
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
