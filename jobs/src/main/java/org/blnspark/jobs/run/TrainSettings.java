package org.blnspark.jobs.run;

import java.io.Serializable;
import java.util.Objects;
import org.blnspark.model.BatchLayerNormalization;
import org.blnspark.model.StatisticsAxes;
import org.blnspark.model.zoo.ModelSettings;
import org.blnspark.model.zoo.Normalization;
import org.blnspark.model.zoo.PaperModel;
import org.blnspark.spark.TrainerSettings;

/**
 * Everything that decides what a training run computes: where the network comes from and its
 * normalisation, the built-in models' learning rate and embedding width, the epochs, and the
 * trainer's settings, whose seed also seeds the built-in models' weights. The values are checked by
 * the types they end up in; defaults live there too.
 *
 * @param normalization the normalisation of a built-in model; for a configuration file, the
 *     normalisation that replaces each of its normalisation layers, or null to keep them
 * @param dropout the text model's LSTM dropout (see {@link ModelSettings#dropout()})
 * @param masks whether token sequences carry a mask of their real tokens, which the network then
 *     follows; the reference pads without one
 */
public record TrainSettings(ModelSource model, Normalization normalization, StatisticsAxes axes, double learningRate,
                            int embeddingSize, double dropout, boolean masks, int epochs, TrainerSettings trainer)
    implements Serializable {
  /** A couple of epochs, enough to see a learning curve. */
  public static final int DEFAULT_EPOCHS = 2;

  public TrainSettings {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(axes, "axes");
    Objects.requireNonNull(trainer, "trainer");
    if (normalization == null && model instanceof ModelSource.BuiltIn) {
      throw new IllegalArgumentException("a built-in model needs a normalisation");
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
    }
    // ModelSettings checks the learning rate and the embedding width; here, before any data is read.
    new ModelSettings(Normalization.NONE, axes, BatchLayerNormalization.DEFAULT_EPS, 2, trainer.seed(), learningRate,
        embeddingSize, dropout);
  }

  /** The defaults of every setting, for {@code model} with BLN, as the quickstart trains it. */
  public static TrainSettings defaults(PaperModel model) {
    return new TrainSettings(new ModelSource.BuiltIn(model), Normalization.BLN, StatisticsAxes.REFERENCE,
        ModelSettings.DEFAULT_LEARNING_RATE, ModelSettings.DEFAULT_EMBEDDING_SIZE, 0, true, DEFAULT_EPOCHS,
        TrainerSettings.builder().seed(ModelSettings.DEFAULT_SEED).build());
  }

  /** The seed of the weights and of the data's dealing order. */
  public long seed() {
    return trainer.seed();
  }

  /** The model builders' settings for a dataset of {@code classes} classes. */
  public ModelSettings modelSettings(int classes) {
    return new ModelSettings(normalization, axes, BatchLayerNormalization.DEFAULT_EPS, classes, seed(), learningRate,
        embeddingSize, dropout);
  }

  /** The settings of one cell of a sweep. */
  public TrainSettings with(Normalization normalization, int batchSize, int workers, long seed) {
    return new TrainSettings(model, normalization, axes, learningRate, embeddingSize, dropout, masks, epochs,
        trainer.toBuilder().batchSizePerWorker(batchSize).workers(workers).seed(seed).build());
  }

  public TrainSettings withEpochs(int epochs) {
    return new TrainSettings(model, normalization, axes, learningRate, embeddingSize, dropout, masks, epochs, trainer);
  }

  /** The trainer's settings for a run that validates after every epoch, as training runs do. */
  TrainerSettings validatedTrainer() {
    return trainer.toBuilder().statisticsEveryEpoch(true).build();
  }
}
