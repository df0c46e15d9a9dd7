package org.blnspark.jobs.run;

import java.io.Serializable;
import java.util.Objects;
import org.blnspark.jobs.data.DatasetMetadata;
import org.blnspark.model.BatchLayerNormalization;
import org.blnspark.model.StatisticsAxes;
import org.blnspark.model.zoo.ModelSettings;
import org.blnspark.model.zoo.Normalization;
import org.blnspark.model.zoo.PaperModel;
import org.blnspark.spark.BadInputException;
import org.blnspark.spark.TrainerSettings;

/**
 * Everything that decides what a training run computes: the built-in model and its normalisation,
 * the optimiser's learning rate, the epochs, and the trainer's settings, whose seed also seeds the
 * weights. The values are checked by the types they end up in; defaults live there too.
 */
public record TrainSettings(PaperModel model, Normalization normalization, StatisticsAxes axes, double learningRate,
                            int embeddingSize, int epochs, TrainerSettings trainer) implements Serializable {
  /** A couple of epochs, enough to see a learning curve. */
  public static final int DEFAULT_EPOCHS = 2;

  public TrainSettings {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(normalization, "normalization");
    Objects.requireNonNull(axes, "axes");
    Objects.requireNonNull(trainer, "trainer");
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
    }
    // ModelSettings checks the learning rate and the embedding width; here, before any data is read.
    new ModelSettings(normalization, axes, BatchLayerNormalization.DEFAULT_EPS, 2, trainer.seed(), learningRate,
        embeddingSize);
  }

  /** The defaults of every setting, for {@code model} with BLN, as the quickstart trains it. */
  public static TrainSettings defaults(PaperModel model) {
    return new TrainSettings(model, Normalization.BLN, StatisticsAxes.REFERENCE, ModelSettings.DEFAULT_LEARNING_RATE,
        ModelSettings.DEFAULT_EMBEDDING_SIZE, DEFAULT_EPOCHS,
        TrainerSettings.builder().seed(ModelSettings.DEFAULT_SEED).build());
  }

  /** The seed of the weights and of the data's dealing order. */
  public long seed() {
    return trainer.seed();
  }

  /** The model builders' settings for a dataset of {@code classes} classes. */
  public ModelSettings modelSettings(int classes) {
    return new ModelSettings(normalization, axes, BatchLayerNormalization.DEFAULT_EPS, classes, seed(), learningRate,
        embeddingSize);
  }

  /** The settings of one cell of a sweep. */
  public TrainSettings with(Normalization normalization, int batchSize, int workers, long seed) {
    return new TrainSettings(model, normalization, axes, learningRate, embeddingSize, epochs,
        trainer.toBuilder().batchSizePerWorker(batchSize).workers(workers).seed(seed).build());
  }

  public TrainSettings withEpochs(int epochs) {
    return new TrainSettings(model, normalization, axes, learningRate, embeddingSize, epochs, trainer);
  }

  /** The trainer's settings for a run that validates after every epoch, as training runs do. */
  TrainerSettings validatedTrainer() {
    return trainer.toBuilder().statisticsEveryEpoch(true).build();
  }

  /** Fails with a message naming the model when it cannot read the dataset's examples. */
  void requireFits(DatasetMetadata metadata) {
    if (!model.accepts(metadata.input())) {
      throw new BadInputException(model.describeInput() + "; " + metadata.kind().externalName() + " is "
          + metadata.input());
    }
  }
}
