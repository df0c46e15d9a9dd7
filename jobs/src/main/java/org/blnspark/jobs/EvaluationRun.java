package org.blnspark.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.data.DatasetMetadata;
import org.blnspark.jobs.data.DatasetReader;
import org.blnspark.model.BatchLayerNormalization;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.InferenceStatistics;
import org.blnspark.spark.ConfigurationScore;
import org.blnspark.spark.DataFrameExamples;
import org.blnspark.spark.EvaluationResults;
import org.blnspark.spark.InferenceEvaluator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Scores a model on a dataset's validation split under the requested inference configurations,
 * chooses the most accurate there, and scores only that choice on the test split.
 */
final class EvaluationRun {
  /** What an evaluation found; serialized as report.json. */
  record Report(String chosen, double testAccuracy, double testLoss, double testF1, long testExamples,
                Map<String, Double> validationAccuracy, Map<String, Double> validationLoss) {
    String table() {
      StringBuilder table = new StringBuilder(String.format("%-8s %10s %10s%n", "config", "val acc", "val loss"));
      validationAccuracy.forEach((config, accuracy) -> table.append(String.format("%-8s %10.4f %10.4f%s%n", config,
          accuracy, validationLoss.get(config), config.equals(chosen) ? "  <- chosen on validation" : "")));
      table.append(String.format("test accuracy of %s: %.4f (loss %.4f, macro F1 %.4f, %d examples)%n", chosen,
          testAccuracy, testLoss, testF1, testExamples));
      return table.toString();
    }
  }

  private EvaluationRun() {}

  /**
   * @param configurations the configurations to compare; ignored for a network without BLN layers
   * @param batchSize evaluation mini-batch size; it matters only for statistics taken from the mini-batch
   */
  static Report run(SparkSession spark, MultiLayerNetwork net, String data, List<InferenceStatistics> configurations,
                    int batchSize) {
    DatasetMetadata metadata = DatasetMetadata.read(spark, data);
    ModelInput.requireMatches(net.getLayerWiseConfigurations(), metadata.features(), data);
    DataFrameExamples examples = new DataFrameExamples("features", "label", (int) metadata.features(),
        metadata.classes());
    List<InferenceStatistics> candidates = BlnNetworks.blnLayers(net).isEmpty()
        ? List.of(InferenceStatistics.REFERENCE_DEFAULT) : configurations;

    EvaluationResults validation = InferenceEvaluator.selectBest(net,
        examples.toDataSets(DatasetReader.read(spark, data, "validation")), batchSize, candidates);
    InferenceStatistics chosen = validation.best();
    ConfigurationScore test = InferenceEvaluator.evaluate(net,
        examples.toDataSets(DatasetReader.read(spark, data, "test")), batchSize, List.of(chosen)).get(chosen);

    Map<String, Double> accuracy = new LinkedHashMap<>();
    Map<String, Double> loss = new LinkedHashMap<>();
    validation.scores().forEach((config, score) -> {
      accuracy.put(config.code(), score.accuracy());
      loss.put(config.code(), score.loss());
    });
    return new Report(chosen.code(), test.accuracy(), test.loss(), test.f1(), test.examples(), accuracy, loss);
  }

  /** The batch size a model was trained with, which is the natural evaluation batch size. */
  static int trainingBatchSize(MultiLayerNetwork net, int fallback) {
    List<BatchLayerNormalization> layers = BlnNetworks.blnLayers(net);
    return layers.isEmpty() || layers.get(0).getTrainingBatchSize() == 0 ? fallback
        : layers.get(0).getTrainingBatchSize();
  }

  /** Parses "all", or a comma-separated list of four-letter codes such as PPBB,PBPB. */
  static List<InferenceStatistics> parseConfigurations(String spec) {
    if (spec.equalsIgnoreCase("all")) {
      return InferenceStatistics.all();
    }
    List<InferenceStatistics> configurations = new ArrayList<>();
    for (String code : spec.split(",")) {
      configurations.add(InferenceStatistics.parse(code.trim()));
    }
    return configurations;
  }
}
