package org.blnspark.jobs.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.io.Json;
import org.blnspark.jobs.report.EvaluationTable;
import org.blnspark.jobs.run.ConsoleProgress;
import org.blnspark.jobs.run.EvaluationReport;
import org.blnspark.jobs.run.EvaluationRun;
import org.blnspark.jobs.run.ModelFile;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Score a saved model under one, several or all 16 inference configurations in one distributed "
        + "pass; choose on validation, report test accuracy for that choice.")
final class EvaluateCommand implements Callable<Integer> {
  @Mixin
  SparkOptions spark;

  @Option(names = "--model", required = true, description = "a model.zip written by 'bln train'")
  String model;

  @Option(names = "--data", required = true, description = "a dataset written by 'bln prepare'")
  String data;

  @Option(names = "--inference", defaultValue = "all",
      description = "'all' or codes such as PPBB,PBPB (P: population, B: mini-batch, for batch mean, batch variance, "
          + "feature mean, feature variance; default: ${DEFAULT-VALUE})")
  String inference;

  @Option(names = "--batch-size", defaultValue = "0",
      description = "evaluation mini-batch size (default: the model's training batch size)")
  int batchSize;

  @Option(names = "--report", description = "write the report as JSON to this path")
  String report;

  @Option(names = "--json", description = "print the report as JSON instead of the table")
  boolean json;

  @Override
  public Integer call() throws Exception {
    List<StatisticSources> configurations = parseConfigurations(inference);
    if (batchSize < 0) {
      throw new BadInputException("--batch-size must be positive, got " + batchSize);
    }
    try (SparkSession session = spark.session("bln evaluate")) {
      HadoopFiles files = HadoopFiles.of(session);
      ModelFile.Loaded loaded = ModelFile.read(files, model, false);
      int size = batchSize > 0 ? batchSize : EvaluationRun.trainingBatchSize(loaded.network());
      EvaluationReport result = ConsoleProgress.sparkTasks(session, "evaluate",
          () -> EvaluationRun.run(session, loaded, data, configurations, size));
      // One kind of output on stdout: the table for people, or JSON for programs.
      System.out.print(json ? Json.write(result) + System.lineSeparator() : EvaluationTable.text(result));
      if (report != null) {
        files.writeString(report, Json.write(result));
      }
    }
    return 0;
  }

  /** Parses "all", or a comma-separated list of four-letter codes such as PPBB,PBPB. */
  static List<StatisticSources> parseConfigurations(String spec) {
    if (spec.equalsIgnoreCase("all")) {
      return StatisticSources.all();
    }
    List<StatisticSources> configurations = new ArrayList<>();
    for (String code : spec.split(",")) {
      configurations.add(TrainOptions.validated(() -> StatisticSources.parse(code.trim())));
    }
    return configurations;
  }
}
