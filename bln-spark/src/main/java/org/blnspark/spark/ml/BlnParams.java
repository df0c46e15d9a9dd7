package org.blnspark.spark.ml;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.StatisticsAxes;
import org.blnspark.model.statistics.PopulationEstimator;
import org.blnspark.model.zoo.ModelSettings;
import org.blnspark.model.zoo.Normalization;
import org.blnspark.spark.TrainerSettings;

/**
 * Every parameter of {@link BlnClassifier} and {@link BlnClassificationModel}, with its doc,
 * validator and default, in one place, as Spark ML's shared params traits hold them; each owner
 * makes its own instances (a param belongs to one owner's uid). The defaults are the trainer's
 * and the model zoo's own constants.
 */
final class BlnParams {
  static final int DEFAULT_EPOCHS = 5;
  static final double DEFAULT_VALIDATION_FRACTION = 0.1;
  static final String DEFAULT_NETWORK = "mlp";

  private BlnParams() {}

  static IntParam batchSizePerWorker(Identifiable owner) {
    return new IntParam(owner, "batchSizePerWorker", "examples per worker mini-batch: BLN's m (>= 1)",
        ParamValidators.gtEq(1));
  }

  static IntParam workers(Identifiable owner) {
    return new IntParam(owner, "workers", "workers of parameter averaging; 0 for Spark's default parallelism (>= 0)",
        ParamValidators.gtEq(0));
  }

  static IntParam epochs(Identifiable owner) {
    return new IntParam(owner, "epochs", "passes over the training data (>= 1)", ParamValidators.gtEq(1));
  }

  static IntParam averagingFrequency(Identifiable owner) {
    return new IntParam(owner, "averagingFrequency", "mini-batches each worker fits between parameter averages (>= 1)",
        ParamValidators.gtEq(1));
  }

  static DoubleParam learningRate(Identifiable owner) {
    return new DoubleParam(owner, "learningRate", "Adam's learning rate of a built-in network (> 0)",
        ParamValidators.gt(0));
  }

  static LongParam seed(Identifiable owner) {
    return new LongParam(owner, "seed", "seed of the weights, the dealing of examples and the validation split");
  }

  static Param<String> estimator(Identifiable owner) {
    return new Param<>(owner, "estimator", "population statistics: " + names(PopulationEstimator.values()),
        ParamValidators.inArray(names(PopulationEstimator.values())));
  }

  static Param<String> axes(Identifiable owner) {
    return new Param<>(owner, "axes", "BLN's statistics axes: " + names(StatisticsAxes.values()),
        ParamValidators.inArray(names(StatisticsAxes.values())));
  }

  static Param<String> normalization(Identifiable owner) {
    return new Param<>(owner, "normalization", "the normalisation of a built-in network: "
        + names(Normalization.values()), ParamValidators.inArray(names(Normalization.values())));
  }

  static Param<String> network(Identifiable owner) {
    return new Param<>(owner, "network", "the network: a built-in one, mlp, or lenet:HxWxC or resnet:HxWxC for images "
        + "of that shape, or a DL4J JSON configuration (as toJson() writes it)");
  }

  static DoubleParam validationFraction(Identifiable owner) {
    return new DoubleParam(owner, "validationFraction", "share of the training rows held out to choose the inference "
        + "configuration on (in (0, 1))", ParamValidators.inRange(0, 1, false, false));
  }

  /** Only the configurations whose outputs do not depend on the batching: a transformer's row is its own. */
  static Param<String> inference(Identifiable owner) {
    List<String> codes = StatisticSources.batchIndependentOnes().stream().map(StatisticSources::code).toList();
    return new Param<>(owner, "inference", "where BLN takes its statistics at inference, one of " + codes
        + " (the batch statistics from the population, so that a row's prediction is its own); by default the one "
        + "that scores best on the validation rows", ParamValidators.inArray(codes));
  }

  /** The training parameters' defaults: the trainer's and the model zoo's own, as the command line has them. */
  static void setTrainingDefaults(BlnClassifier c) {
    c.setDefault(c.batchSizePerWorker(), TrainerSettings.DEFAULT_BATCH_SIZE_PER_WORKER);
    c.setDefault(c.workers(), 0);
    c.setDefault(c.epochs(), DEFAULT_EPOCHS);
    c.setDefault(c.averagingFrequency(), TrainerSettings.DEFAULT_AVERAGING_FREQUENCY);
    c.setDefault(c.learningRate(), ModelSettings.DEFAULT_LEARNING_RATE);
    c.setDefault(c.seed(), ModelSettings.DEFAULT_SEED);
    c.setDefault(c.estimator(), name(PopulationEstimator.POOLED));
    c.setDefault(c.axes(), name(StatisticsAxes.REFERENCE));
    c.setDefault(c.normalization(), name(Normalization.BLN));
    c.setDefault(c.network(), DEFAULT_NETWORK);
    c.setDefault(c.validationFraction(), DEFAULT_VALIDATION_FRACTION);
  }

  static String name(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  static <E extends Enum<E>> E parse(Class<E> type, String name) {
    return Enum.valueOf(type, name.toUpperCase(Locale.ROOT));
  }

  private static String[] names(Enum<?>[] values) {
    return Arrays.stream(values).map(BlnParams::name).toArray(String[]::new);
  }
}
