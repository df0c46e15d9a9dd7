package org.blnspark.jobs.cli;

import java.util.Arrays;
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

  @Mixin
  DataInput input;

  @Option(names = "--inference", defaultValue = "all",
      description = "'all' or codes such as PPBB,PBPB (P: population, B: mini-batch, for batch mean, batch variance, "
          + "feature mean, feature variance; default: ${DEFAULT-VALUE})")
  Configurations inference;

  @Option(names = "--batch-size", converter = OptionConverters.BatchSize.class,
      description = "evaluation mini-batch size, at least 1 (default: the model's training batch size)")
  Integer batchSize;

  @Option(names = "--report", description = "write the report as JSON to this path")
  String report;

  @Option(names = "--json", description = "print the report as JSON instead of the table")
  boolean json;

  @Override
  public Integer call() throws Exception {
    try (SparkSession session = spark.session("bln evaluate")) {
      HadoopFiles files = HadoopFiles.of(session);
      ModelFile.Loaded loaded = ModelFile.read(files, model, false);
      int size = batchSize != null ? batchSize : EvaluationRun.trainingBatchSize(loaded.network());
      EvaluationReport result = ConsoleProgress.sparkTasks(session, "evaluate",
          () -> EvaluationRun.run(session, loaded, input.data, inference.list(), size));
      // One kind of output on stdout: the table for people, or JSON for programs.
      System.out.print(json ? Json.write(result) + System.lineSeparator() : EvaluationTable.text(result));
      if (report != null) {
        files.writeString(report, Json.write(result));
      }
    }
    return 0;
  }

  /** What --inference names: "all", or a comma-separated list of four-letter codes such as PPBB,PBPB. */
  record Configurations(List<StatisticSources> list) {
    static Configurations parse(String spec) {
      if (spec.trim().equalsIgnoreCase("all")) {
        return new Configurations(StatisticSources.all());
      }
      return new Configurations(Arrays.stream(spec.split(",")).map(code -> StatisticSources.parse(code.trim()))
          .toList());
    }
  }
}
