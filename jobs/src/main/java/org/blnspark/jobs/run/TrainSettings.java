package org.blnspark.jobs.run;

import java.io.Serializable;
import java.util.Objects;
import org.blnspark.model.Arguments;
import org.blnspark.model.BatchLayerNormalization;
import org.blnspark.model.StatisticsAxes;
import org.blnspark.model.zoo.LearningRateSchedule;
import org.blnspark.model.zoo.ModelSettings;
import org.blnspark.model.zoo.Normalization;
import org.blnspark.model.zoo.PaperModel;
import org.blnspark.spark.TrainerSettings;

/**
 * Everything that decides what a training run computes: where the network comes from and its
 * normalisation, the built-in models' own options, the epochs and when to stop early, and the
 * trainer's settings, whose seed also seeds the built-in models' weights. The values are checked
 * by the types they end up in; defaults live there too.
 *
 * @param normalization the normalisation of a built-in model; for a configuration file, the
 *     normalisation that replaces each of its normalisation layers, or null to keep them
 * @param masks whether token sequences carry a mask of their real tokens, which the network then
 *     follows; the reference pads without one
 * @param patience stop after this many epochs without a lower validation loss and publish the
 *     best epoch's model, as the reference keeps its best-validation-loss checkpoint; 0 for never
 */
public record TrainSettings(ModelSource model, Normalization normalization, StatisticsAxes axes,
                            BuiltInOptions builtIn, boolean masks, Budget budget, int patience, TrainerSettings trainer)
    implements Serializable {
  /** A couple of epochs, enough to see a learning curve. */
  public static final int DEFAULT_EPOCHS = 2;

  public TrainSettings {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(axes, "axes");
    Objects.requireNonNull(builtIn, "builtIn");
    Objects.requireNonNull(trainer, "trainer");
    if (normalization == null && model instanceof ModelSource.BuiltIn) {
      throw new IllegalArgumentException("a built-in model needs a normalisation");
    }
    Objects.requireNonNull(budget, "budget");
    if (budget.updates() && builtIn.schedule().kind() == LearningRateSchedule.Kind.COSINE) {
      throw new IllegalArgumentException("a cosine schedule spans a number of epochs; give the budget in epochs");
    }
    if (patience < 0) {
      throw new IllegalArgumentException("early-stopping patience must be 0 (never) or positive, got " + patience);
    }
    // ModelSettings checks the built-in models' options; here, before any data is read.
    settingsFor(Normalization.NONE, axes, builtIn, 2, trainer.seed());
  }

  /** The defaults of every setting, for {@code model} with BLN, as the quickstart trains it. */
  public static TrainSettings defaults(PaperModel model) {
    return new TrainSettings(new ModelSource.BuiltIn(model), Normalization.BLN, StatisticsAxes.REFERENCE,
        BuiltInOptions.defaults(), true, Budget.epochs(DEFAULT_EPOCHS), 0,
        TrainerSettings.defaults().withSeed(ModelSettings.DEFAULT_SEED));
  }

  /** The seed of the weights and of the data's dealing order. */
  public long seed() {
    return trainer.seed();
  }

  /** The model builders' settings for a dataset of {@code classes} classes. */
  public ModelSettings modelSettings(int classes) {
    return settingsFor(normalization, axes, builtIn, classes, seed());
  }

  private static ModelSettings settingsFor(Normalization normalization, StatisticsAxes axes, BuiltInOptions builtIn,
                                           int classes, long seed) {
    return new ModelSettings(normalization, axes, BatchLayerNormalization.DEFAULT_EPS, classes, seed,
        builtIn.learningRate(), builtIn.schedule(), builtIn.embeddingSize(), builtIn.dropout(), builtIn.bnDecay());
  }

  /** The settings of one cell of a sweep. */
  public TrainSettings with(Normalization normalization, int batchSize, int workers, long seed) {
    return new TrainSettings(model, normalization, axes, builtIn, masks, budget, patience,
        trainer.withBatchSizePerWorker(batchSize).withWorkers(workers).withSeed(seed));
  }

  /** The same settings with Adam's learning rate of the built-in models set to {@code rate}. */
  public TrainSettings withLearningRate(double rate) {
    return new TrainSettings(model, normalization, axes, new BuiltInOptions(rate, builtIn.schedule(),
        builtIn.embeddingSize(), builtIn.dropout(), builtIn.bnDecay()), masks, budget, patience, trainer);
  }

  public TrainSettings withBudget(Budget budget) {
    return new TrainSettings(model, normalization, axes, builtIn, masks, budget, patience, trainer);
  }

  /** The trainer's settings for a run that validates after every epoch, as training runs do. */
  TrainerSettings validatedTrainer() {
    return trainer.withStatisticsEveryEpoch(true);
  }
}
