package org.blnspark.jobs.run;

import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaRDD;
import org.blnspark.model.BatchLayerNormalizationLayer;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.BadInputException;
import org.blnspark.spark.EvaluationResults;
import org.blnspark.spark.InferenceEvaluator;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The inference configuration predictions are made with, and why. A configuration that reads a
 * batch statistic from the mini-batch makes each row's prediction depend on the rows that share
 * its batch, so it is used only when the user asks for it and says how to batch. By default the
 * model's own choice is used when it is batch-independent; otherwise the batch-independent
 * configuration that scores best on the data's validation split.
 *
 * @param why said to the user, and recorded beside the predictions
 */
record InferenceChoice(StatisticSources configuration, boolean batchDependent, String why) {

  /**
   * @param requested the user's configuration, or null
   * @param batchSize the user's batching, or 0
   * @param validation the validation split to choose on, or null when the data has none
   */
  static InferenceChoice of(ModelFile.Loaded model, StatisticSources requested, int batchSize,
                            Supplier<JavaRDD<DataSet>> validation) {
    List<BatchLayerNormalizationLayer> layers = BlnNetworks.blnLayers(model.network());
    if (layers.isEmpty()) {
      return new InferenceChoice(StatisticSources.REFERENCE_DEFAULT, false,
          "the model has no BLN layer, so no inference configuration applies");
    }
    if (requested != null) {
      if (!requested.batchIndependent() && batchSize < 1) {
        throw new BadInputException(requested + " reads the batch statistics of the mini-batch, so a row's prediction "
            + "would depend on the rows that share its batch; give --batch-size N to accept that, or choose one of "
            + StatisticSources.batchIndependentOnes());
      }
      return new InferenceChoice(requested, !requested.batchIndependent(), "chosen with --inference");
    }
    StatisticSources own = layers.get(0).inference();
    if (own.batchIndependent()) {
      return new InferenceChoice(own, false, "the model's own configuration");
    }
    if (validation == null) {
      throw new BadInputException("the model infers with " + own + ", which reads the batch statistics of the "
          + "mini-batch, and the data has no validation split to choose another on; give --inference, one of "
          + StatisticSources.batchIndependentOnes() + " (or " + own + " with --batch-size N)");
    }
    List<StatisticSources> candidates = StatisticSources.batchIndependentOnes();
    EvaluationResults scores = InferenceEvaluator.evaluate(model.network(), validation.get(),
        EvaluationRun.trainingBatchSize(model.network()), candidates);
    StatisticSources best = scores.best();
    return new InferenceChoice(best, false, String.format("the model's own configuration, %s, reads the batch "
        + "statistics of the mini-batch; %s scored best of the batch-independent ones on validation (accuracy %.4f)",
        own, best, scores.get(best).accuracy()));
  }
}
