package org.blnspark.jobs.report;

import org.blnspark.jobs.run.EvaluationReport;

/** An evaluation report as a table for people: each configuration's validation scores, then the test result. */
public final class EvaluationTable {
  private EvaluationTable() {}

  public static String text(EvaluationReport report) {
    StringBuilder table = new StringBuilder(String.format("%-8s %10s %10s%n", "config", "val acc", "val loss"));
    report.validationAccuracy().forEach((config, accuracy) -> table.append(String.format("%-8s %10.4f %10.4f%s%n",
        config, accuracy, report.validationLoss().get(config),
        config.equals(report.chosen()) ? "  <- chosen on validation" : "")));
    table.append(String.format("test accuracy of %s: %.4f (loss %.4f, macro F1 %.4f, %d examples)%n",
        report.chosen(), report.testAccuracy(), report.testLoss(), report.testF1(), report.testExamples()));
    return table.toString();
  }
}
