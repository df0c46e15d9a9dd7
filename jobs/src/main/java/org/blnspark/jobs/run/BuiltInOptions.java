package org.blnspark.jobs.run;

import java.io.Serializable;
import java.util.Objects;
import org.blnspark.model.zoo.LearningRateSchedule;
import org.blnspark.model.zoo.ModelSettings;

/**
 * The options of the built-in models only: a configuration file brings its own updater, schedule,
 * sizes and dropout.
 *
 * @param dropout the text model's LSTM input dropout (see {@link ModelSettings#dropout()})
 * @param bnDecay DL4J BN's decay (see {@link ModelSettings#bnDecay()})
 */
public record BuiltInOptions(double learningRate, LearningRateSchedule schedule, int embeddingSize, double dropout,
                             double bnDecay)
    implements Serializable {
  public BuiltInOptions {
    Objects.requireNonNull(schedule, "schedule");
  }

  /** Adam at the paper's rate, constant, the paper's embedding width, no dropout, the reference's BN momentum. */
  public static BuiltInOptions defaults() {
    return new BuiltInOptions(ModelSettings.DEFAULT_LEARNING_RATE, LearningRateSchedule.CONSTANT,
        ModelSettings.DEFAULT_EMBEDDING_SIZE, 0, ModelSettings.REFERENCE_BN_DECAY);
  }
}
