package org.blnspark.jobs.run;

import java.util.List;
import java.util.Map;

/**
 * What an evaluation found; serialized as report.json.
 *
 * @param chosen the inference configuration chosen on validation, whose test scores follow
 * @param validationAccuracy each configuration's validation accuracy, in the order evaluated
 * @param validationLoss each configuration's validation loss
 * @param testAccuracyByConfiguration each compared configuration's test accuracy: what the choice
 *     on validation is worth against, for example, the default PPBB or the all-mini-batch BBBB;
 *     the test set is never used to choose. Null in reports of earlier versions
 * @param warnings what makes these scores look better than unseen data would score, such as a
 *     split the model was recalibrated on; empty when nothing does, null in reports of earlier versions
 */
public record EvaluationReport(String chosen, double testAccuracy, double testLoss, double testF1, long testExamples,
                               Map<String, Double> validationAccuracy, Map<String, Double> validationLoss,
                               Map<String, Double> testAccuracyByConfiguration, List<String> warnings) {
  /**
   * The configuration a selection on the test set would pick, as the reference's code does: for
   * comparing with the paper's figures like for like, never to report as a result.
   */
  public String bestOnTest() {
    return testAccuracyByConfiguration.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }
}
