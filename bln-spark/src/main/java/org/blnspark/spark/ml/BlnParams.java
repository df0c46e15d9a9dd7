package org.blnspark.spark.ml;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.StatisticsAxes;
import org.blnspark.model.statistics.PopulationEstimator;
import org.blnspark.model.zoo.ModelSettings;
import org.blnspark.model.zoo.Normalization;
import org.blnspark.spark.TrainerSettings;

/**
 * The params that {@link BlnClassifier} and {@link BlnClassificationModel} share, as Spark's
 * {@code StandardScalerParams} is shared by its estimator and model: each param with its doc,
 * validator, getter and default, once. A param belongs to one owner's uid, so each stage makes its
 * own instances, with their defaults ({@link Declared}), in its constructor; {@code fit} copies the estimator's values onto the model it returns, so that the
 * model shows how it was trained. The defaults are the trainer's and the model zoo's own constants.
 */
public interface BlnParams extends Params {
  int DEFAULT_EPOCHS = 5;
  double DEFAULT_VALIDATION_FRACTION = 0.1;
  String DEFAULT_NETWORK = "mlp";

  /** This stage's own instances of the params. */
  Declared declared();

  /**
   * The uid of a stage whose params are {@code declared}: theirs, or while the stage's Scala
   * superclass runs, before they exist, the one its constructor holds.
   */
  static String uid(Declared declared) {
    return declared != null ? declared.uid : PendingUid.current();
  }

  default IntParam batchSizePerWorker() {
    return declared().batchSizePerWorker;
  }

  default IntParam workers() {
    return declared().workers;
  }

  default IntParam epochs() {
    return declared().epochs;
  }

  default IntParam averagingFrequency() {
    return declared().averagingFrequency;
  }

  default DoubleParam learningRate() {
    return declared().learningRate;
  }

  default LongParam seed() {
    return declared().seed;
  }

  default Param<String> estimator() {
    return declared().estimator;
  }

  default Param<String> axes() {
    return declared().axes;
  }

  default Param<String> normalization() {
    return declared().normalization;
  }

  default Param<String> network() {
    return declared().network;
  }

  default DoubleParam validationFraction() {
    return declared().validationFraction;
  }

  /**
   * Unset by default: the model then gets the batch-independent configuration best on the held-out
   * rows. Only the configurations whose outputs do not depend on the batching: a transformer's row
   * is its own.
   */
  default Param<String> inference() {
    return declared().inference;
  }

  default int getBatchSizePerWorker() {
    return (Integer) getOrDefault(batchSizePerWorker());
  }

  default int getWorkers() {
    return (Integer) getOrDefault(workers());
  }

  default int getEpochs() {
    return (Integer) getOrDefault(epochs());
  }

  default int getAveragingFrequency() {
    return (Integer) getOrDefault(averagingFrequency());
  }

  default double getLearningRate() {
    return (Double) getOrDefault(learningRate());
  }

  default long getSeed() {
    return (Long) getOrDefault(seed());
  }

  default PopulationEstimator getEstimator() {
    return parse(PopulationEstimator.class, getOrDefault(estimator()));
  }

  default StatisticsAxes getAxes() {
    return parse(StatisticsAxes.class, getOrDefault(axes()));
  }

  default Normalization getNormalization() {
    return parse(Normalization.class, getOrDefault(normalization()));
  }

  default String getNetwork() {
    return getOrDefault(network());
  }

  default double getValidationFraction() {
    return (Double) getOrDefault(validationFraction());
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

  /** One stage's instances of the params, each with its doc, validator and default, and the stage's uid. */
  final class Declared implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final IntParam batchSizePerWorker;
    private final IntParam workers;
    private final IntParam epochs;
    private final IntParam averagingFrequency;
    private final DoubleParam learningRate;
    private final LongParam seed;
    private final Param<String> estimator;
    private final Param<String> axes;
    private final Param<String> normalization;
    private final Param<String> network;
    private final DoubleParam validationFraction;
    private final Param<String> inference;

    /**
     * The params of {@code owner}, whose constructor holds its uid in {@code pending} until they
     * are made; every default is set but {@link #inference()}'s, which has none.
     */
    Declared(PendingUid pending, BlnParams owner) {
      batchSizePerWorker = new IntParam(owner, "batchSizePerWorker", "examples per worker mini-batch: BLN's m (>= 1)",
          ParamValidators.gtEq(1));
      workers = new IntParam(owner, "workers",
          "workers of parameter averaging; 0 for Spark's default parallelism (>= 0)", ParamValidators.gtEq(0));
      epochs = new IntParam(owner, "epochs", "passes over the training data (>= 1)", ParamValidators.gtEq(1));
      averagingFrequency = new IntParam(owner, "averagingFrequency",
          "mini-batches each worker fits between parameter averages (>= 1)", ParamValidators.gtEq(1));
      learningRate = new DoubleParam(owner, "learningRate", "Adam's learning rate of a built-in network (> 0)",
          ParamValidators.gt(0));
      seed = new LongParam(owner, "seed", "seed of the weights, the dealing of examples and the validation split");
      estimator = new Param<>(owner, "estimator", "population statistics: " + names(PopulationEstimator.values()),
          ParamValidators.inArray(names(PopulationEstimator.values())));
      axes = new Param<>(owner, "axes", "BLN's statistics axes: " + names(StatisticsAxes.values()),
          ParamValidators.inArray(names(StatisticsAxes.values())));
      normalization = new Param<>(owner, "normalization", "the normalisation of a built-in network: "
          + names(Normalization.values()), ParamValidators.inArray(names(Normalization.values())));
      network = new Param<>(owner, "network", "the network: a built-in one, mlp, or lenet:HxWxC or resnet:HxWxC for "
          + "images of that shape, or a DL4J JSON configuration (as toJson() writes it)");
      validationFraction = new DoubleParam(owner, "validationFraction", "share of the training rows held out to "
          + "choose the inference configuration on (in (0, 1))", ParamValidators.inRange(0, 1, false, false));
      List<String> codes = StatisticSources.batchIndependentOnes().stream().map(StatisticSources::code).toList();
      inference = new Param<>(owner, "inference", "where BLN takes its statistics at inference, one of " + codes
          + " (the batch statistics from the population, so that a row's prediction is its own); by default the one "
          + "that scores best on the validation rows", ParamValidators.inArray(codes));
      uid = pending.release();
      owner.setDefault(batchSizePerWorker, TrainerSettings.DEFAULT_BATCH_SIZE_PER_WORKER);
      owner.setDefault(workers, 0);
      owner.setDefault(epochs, DEFAULT_EPOCHS);
      owner.setDefault(averagingFrequency, TrainerSettings.DEFAULT_AVERAGING_FREQUENCY);
      owner.setDefault(learningRate, ModelSettings.DEFAULT_LEARNING_RATE);
      owner.setDefault(seed, ModelSettings.DEFAULT_SEED);
      owner.setDefault(estimator, name(PopulationEstimator.POOLED));
      owner.setDefault(axes, name(StatisticsAxes.REFERENCE));
      owner.setDefault(normalization, name(Normalization.BLN));
      owner.setDefault(network, DEFAULT_NETWORK);
      owner.setDefault(validationFraction, DEFAULT_VALIDATION_FRACTION);
    }
  }
}
