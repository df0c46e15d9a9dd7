package org.blnspark.jobs.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.data.Split;
import org.blnspark.jobs.run.ConsoleProgress;
import org.blnspark.jobs.run.RecalibrationRun;
import org.blnspark.model.statistics.PopulationEstimator;
import org.blnspark.model.statistics.StatisticsDrift;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "recalibrate", mixinStandardHelpOptions = true,
    description = "Re-estimate every BLN layer's population statistics on new data in one distributed pass, and "
        + "write a copy of the model with them; every trained weight stays as it was. The data must pass predict's "
        + "checks, values far outside the training range included, hold at least 2 rows, and give finite "
        + "statistics; otherwise nothing is written.")
final class RecalibrateCommand implements Callable<Integer> {
  @Mixin
  SparkOptions spark;

  @Mixin
  ScoringInput input;

  @Option(names = "--output", required = true, description = "the recalibrated model.zip to write; must not exist")
  String output;

  @Option(names = "--estimator", description = "pooled or epoch_average (default: the model's own)")
  PopulationEstimator estimator;

  @Override
  public Integer call() {
    try (SparkSession session = spark.session("bln recalibrate")) {
      RecalibrationRun.Outcome outcome = ConsoleProgress.sparkTasks(session, "recalibrate", () ->
          RecalibrationRun.run(session, new RecalibrationRun.Request(input.model, input.data, output,
              input.split(Split.TRAIN), estimator)));
      for (StatisticsDrift.Layer layer : outcome.change().layers()) {
        System.out.printf("%s: mean |shift| %.3f sd, median variance ratio %.3f%n", layer.name(),
            layer.meanAbsoluteShift(), layer.medianVarianceRatio());
      }
      System.out.printf("recalibrated %d BLN layers (%s): %s%n", outcome.change().layers().size(),
          outcome.estimator().name().toLowerCase(java.util.Locale.ROOT), output);
      outcome.warnings().forEach(warning -> System.out.println("warning: " + warning));
    }
    return 0;
  }
}
