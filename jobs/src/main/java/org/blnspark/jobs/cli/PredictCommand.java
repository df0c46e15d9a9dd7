package org.blnspark.jobs.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.data.Split;
import org.blnspark.jobs.io.AtomicDirectory;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.report.DriftReport;
import org.blnspark.jobs.run.ConsoleProgress;
import org.blnspark.jobs.run.PredictionRun;
import org.blnspark.model.StatisticSources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Score data with a saved model on the executors and write the rows, with 'prediction' (the class "
        + "index) and 'probability' (one value per class) added, as Parquet. The data is checked first against what "
        + "the model recorded of its training data: a CSV's column names and order, token ids against the "
        + "vocabulary (both refused when wrong), and values far outside the training range (a warning with a count). "
        + "A row whose outputs are not finite gets null for both, and is counted in a warning.")
final class PredictCommand implements Callable<Integer> {
  @Mixin
  SparkOptions spark;

  @Mixin
  ScoringInput input;

  @Option(names = "--output", required = true, description = "the Parquet directory to write; must not exist")
  String output;

  @Option(names = "--inference", description = "the inference configuration, such as PPPP; default: the model's own "
      + "if it is batch-independent (PP..), else the batch-independent one best on validation")
  StatisticSources inference;

  @Option(names = "--batch-size", converter = OptionConverters.BatchSize.class, description = "rows per network "
      + "call, at least 1; needed with a configuration that reads mini-batch statistics (B. or .B first), whose predictions then "
      + "depend on it")
  Integer batchSize;

  @Option(names = "--drift-report", description = "also write a drift report to this directory: how far each BLN "
      + "layer's input statistics on the data have moved from the model's population statistics (drift.json, "
      + "index.html)")
  String driftReport;

  @Override
  public Integer call() {
    try (SparkSession session = spark.session("bln predict")) {
      HadoopFiles files = HadoopFiles.of(session);
      if (driftReport != null) {
        AtomicDirectory.requireAbsent(files, driftReport);
      }
      PredictionRun.Outcome outcome = ConsoleProgress.sparkTasks(session, "predict", () -> PredictionRun.run(session,
          new PredictionRun.Request(input.model, input.data, output, input.split(Split.TEST), inference,
              batchSize == null ? 0 : batchSize, driftReport != null)));
      System.out.printf("inference: %s (%s)%npredictions: %s%n", outcome.metadata().inference(),
          outcome.metadata().why(), output);
      outcome.warnings().forEach(warning -> System.out.println("warning: " + warning));
      if (driftReport != null) {
        DriftReport.Form report = DriftReport.of(outcome.drift(), input.model, input.data);
        DriftReport.write(files, driftReport, report);
        DriftReport.warnings(report).forEach(warning -> System.out.println("warning: " + warning));
        System.out.printf("drift report: %s/%s%n", driftReport, DriftReport.PAGE);
      }
    }
    return 0;
  }
}
