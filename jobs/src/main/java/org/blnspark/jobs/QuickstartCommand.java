package org.blnspark.jobs;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.data.DatasetKind;
import org.blnspark.jobs.data.DatasetPreparer;
import org.blnspark.jobs.data.SplitOptions;
import org.blnspark.model.InferenceStatistics;
import org.blnspark.model.Normalization;
import org.blnspark.model.PopulationEstimator;
import org.blnspark.model.StatisticsAxes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "quickstart", mixinStandardHelpOptions = true,
    description = "Prepare Fashion-MNIST, train LeNet + BLN for a couple of epochs, evaluate all 16 inference "
        + "configurations and write a report.")
final class QuickstartCommand implements Callable<Integer> {
  @Mixin
  SparkOptions spark;

  @Option(names = "--output", defaultValue = "bln-quickstart", description = "(default: ${DEFAULT-VALUE})")
  String output;

  @Option(names = "--epochs", defaultValue = "2", description = "(default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--train-fraction", defaultValue = "0.2",
      description = "of the training split, as in the paper (default: ${DEFAULT-VALUE})")
  double trainFraction;

  @Override
  public Integer call() throws Exception {
    Path raw = PrepareCommand.defaultRawDirectory(DatasetKind.FASHION_MNIST);
    String data = output + "/fashion-mnist";
    String model = output + "/model";
    try (SparkSession session = spark.session("bln quickstart")) {
      HadoopFiles files = new HadoopFiles(session.sparkContext().hadoopConfiguration());
      if (!files.exists(data)) {
        SplitOptions defaults = SplitOptions.defaults();
        // A small validation split (1,200 images) keeps choosing among 16 configurations to seconds.
        DatasetPreparer.prepare(session, DatasetKind.FASHION_MNIST, raw.toString(), data, new SplitOptions(
            defaults.seed(), 0.02, defaults.testFraction(), trainFraction, 0, defaults.sequenceLength(),
            defaults.vocabularySize()));
      }
      TrainSettings settings = new TrainSettings(ModelKind.LENET, Normalization.BLN, 25, 0, epochs, 5, 0.002, 42,
          PopulationEstimator.POOLED, StatisticsAxes.REFERENCE, 512);
      TrainingRun.Outcome outcome = TrainingRun.run(session, settings,
          new TrainingRun.Paths(data, model, null, false, 1));
      EvaluationRun.Report report = EvaluationRun.run(session, outcome.network(), data, InferenceStatistics.all(),
          settings.batchSize());
      String reportPath = output + "/report.json";
      files.writeString(reportPath, MetricsFiles.JSON.writeValueAsString(report));
      System.out.print(report.table());
      System.out.printf("%ndataset: %s%nmodel:   %s%nmetrics: %s/metrics.csv%nreport:  %s%n", data,
          outcome.modelPath(), model, reportPath);
    }
    return 0;
  }
}
