package org.blnspark.jobs.run;

import java.util.Map;

/**
 * What an evaluation found; serialized as report.json.
 *
 * @param chosen the inference configuration chosen on validation
 * @param validationAccuracy each configuration's validation accuracy, in the order evaluated
 * @param validationLoss each configuration's validation loss
 */
public record EvaluationReport(String chosen, double testAccuracy, double testLoss, double testF1, long testExamples,
                               Map<String, Double> validationAccuracy, Map<String, Double> validationLoss) {}
