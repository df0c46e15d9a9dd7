package org.blnspark.jobs.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.data.PreparedDataset;
import org.blnspark.jobs.data.Split;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.model.BatchLayerNormalizationLayer;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.StatisticSources;
import org.blnspark.spark.ConfigurationScore;
import org.blnspark.spark.EvaluationResults;
import org.blnspark.spark.InferenceEvaluator;
import org.blnspark.spark.TrainerSettings;
import org.deeplearning4j.nn.api.Model;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores a model on a dataset's validation split under the requested inference configurations,
 * chooses the most accurate there, and reports that choice's test scores, beside the test
 * accuracy of every other configuration compared.
 */
public final class EvaluationRun {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluationRun.class);

  private EvaluationRun() {}

  /**
   * @param configurations the configurations to compare; ignored for a network without BLN layers
   * @param batchSize evaluation mini-batch size; it matters only for statistics taken from the mini-batch
   */
  public static EvaluationReport run(SparkSession spark, ModelFile.Loaded model, String data,
                                     List<StatisticSources> configurations, int batchSize) {
    // Read as the model was trained: with masks of the real tokens if its run had them.
    PreparedDataset dataset = PreparedDataset.open(spark, data).withMasks(model.provenance().run().masked());
    ModelFile.requireReads(model, dataset.metadata().identity(), data);
    Model net = model.network();
    List<StatisticSources> candidates = BlnNetworks.blnLayers(net).isEmpty()
        ? List.of(StatisticSources.REFERENCE_DEFAULT) : configurations;

    EvaluationResults validation = InferenceEvaluator.selectBest(net, DatasetExamples.of(dataset, Split.VALIDATION), batchSize,
        candidates);
    StatisticSources chosen = validation.best();
    // Every compared configuration on test, in the same pass: the chosen one is the result, the
    // others say what the choice is worth.
    EvaluationResults tests = InferenceEvaluator.evaluate(net, DatasetExamples.of(dataset, Split.TEST), batchSize, candidates);
    ConfigurationScore test = tests.get(chosen);

    Map<String, Double> accuracy = new LinkedHashMap<>();
    Map<String, Double> loss = new LinkedHashMap<>();
    validation.scores().forEach((config, score) -> {
      accuracy.put(config.code(), score.accuracy());
      loss.put(config.code(), score.loss());
    });
    Map<String, Double> testAccuracy = new LinkedHashMap<>();
    tests.scores().forEach((config, score) -> testAccuracy.put(config.code(), score.accuracy()));
    return new EvaluationReport(chosen.code(), test.accuracy(), test.loss(), test.f1(), test.examples(), accuracy,
        loss, testAccuracy, recalibrationWarnings(HadoopFiles.of(spark), model, data));
  }

  /** One warning for each split scored here whose rows the model's population statistics were re-estimated on. */
  private static List<String> recalibrationWarnings(HadoopFiles files, ModelFile.Loaded model, String data) {
    ModelFile.Recalibration recalibration = model.provenance().recalibration();
    if (recalibration == null) {
      return List.of();
    }
    String dataset = files.qualified(data);
    List<String> warnings = new ArrayList<>();
    for (Split split : List.of(Split.VALIDATION, Split.TEST)) {
      if (recalibration.used(dataset, split)) {
        String warning = "the model was recalibrated on the " + split + " split of " + data + " ("
            + recalibration.time() + "), so its " + split + " scores are not those of unseen data; recalibrate on "
            + "the train split to score this one fairly";
        LOG.warn(warning);
        warnings.add(warning);
      }
    }
    return warnings;
  }

  /**
   * The batch size a model was trained with, which is the natural evaluation batch size; the
   * trainer's default for a model that records none.
   */
  public static int trainingBatchSize(Model net) {
    List<BatchLayerNormalizationLayer> layers = BlnNetworks.blnLayers(net);
    return layers.isEmpty() || layers.get(0).trainingBatchSize() == 0
        ? TrainerSettings.DEFAULT_BATCH_SIZE_PER_WORKER : layers.get(0).trainingBatchSize();
  }
}
