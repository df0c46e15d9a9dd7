package org.blnspark.jobs.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.data.DatasetKind;
import org.blnspark.jobs.data.DatasetPreparer;
import org.blnspark.jobs.data.SplitOptions;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.io.Json;
import org.blnspark.jobs.report.EvaluationTable;
import org.blnspark.jobs.report.QuickstartReport;
import org.blnspark.jobs.run.EvaluationReport;
import org.blnspark.jobs.run.Budget;
import org.blnspark.jobs.run.ConsoleProgress;
import org.blnspark.jobs.run.EvaluationRun;
import org.blnspark.jobs.run.TrainSettings;
import org.blnspark.jobs.run.TrainingRun;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.zoo.Normalization;
import org.blnspark.model.zoo.PaperModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "quickstart", mixinStandardHelpOptions = true,
    description = "Prepare Fashion-MNIST, train LeNet + BLN for a couple of epochs, evaluate all 16 inference "
        + "configurations and write a report: report.html, with the learning curves and the configurations.")
final class QuickstartCommand implements Callable<Integer> {
  /** A small validation split (1,200 images) keeps choosing among 16 configurations to seconds. */
  private static final double VALIDATION_FRACTION = 0.02;

  @Mixin
  SparkOptions spark;

  @Option(names = "--output", defaultValue = "bln-quickstart", description = "(default: ${DEFAULT-VALUE})")
  String output;

  @Option(names = "--epochs", defaultValue = "" + TrainSettings.DEFAULT_EPOCHS,
      description = "(default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--train-fraction", defaultValue = "0.2",
      description = "of the training split, as in the paper (default: ${DEFAULT-VALUE})")
  double trainFraction;

  @Option(names = "--compare", description = "also train DL4J's BN and LN at the same settings, and draw all three")
  boolean compare;

  @Override
  public Integer call() throws Exception {
    TrainSettings settings = TrainOptions.validated(() -> TrainSettings.defaults(PaperModel.LENET)
        .withBudget(Budget.epochs(epochs)));
    Path raw = DatasetKind.FASHION_MNIST.fetchedRawDirectory();
    String data = output + "/fashion-mnist";
    String model = output + "/model";
    try (SparkSession session = spark.session("bln quickstart")) {
      HadoopFiles files = HadoopFiles.of(session);
      if (!files.exists(data)) {
        DatasetPreparer.prepare(session, DatasetKind.FASHION_MNIST, raw.toString(), data,
            SplitOptions.defaults().withFractions(VALIDATION_FRACTION, trainFraction));
      }
      List<QuickstartReport.Run> runs = new ArrayList<>();
      String blnModel = null;
      for (Normalization norm : compare ? List.of(Normalization.BLN, Normalization.BN, Normalization.LN)
          : List.of(Normalization.BLN)) {
        TrainSettings normSettings = settings.with(norm, settings.trainer().batchSizePerWorker(),
            settings.trainer().workers(), settings.seed());
        String modelDir = norm == Normalization.BLN ? model : model + "-" + norm.name().toLowerCase(Locale.ROOT);
        TrainingRun.Outcome outcome = TrainingRun.run(session, normSettings,
            // The quickstart's own directory, which a rerun trains again.
            TrainingRun.Paths.withoutCheckpoints(data, modelDir, true));
        EvaluationReport report = ConsoleProgress.sparkTasks(session, "evaluate", () -> EvaluationRun.run(session,
            outcome.model(), data, StatisticSources.all(), settings.trainer().batchSizePerWorker()));
        files.writeString(modelDir + "/report.json", Json.write(report));
        runs.add(new QuickstartReport.Run(norm, outcome.metrics(), report));
        if (norm == Normalization.BLN) {
          blnModel = outcome.modelPath();
          System.out.print(EvaluationTable.text(report));
        }
      }
      String reportPath = output + "/report.json";
      files.writeString(reportPath, Json.write(runs.get(0).evaluation()));
      String page = QuickstartReport.write(files, output, runs, settings.trainer().batchSizePerWorker(),
          QuickstartReport.commands(data, blnModel));
      System.out.printf("%ndataset: %s%nmodel:   %s%nmetrics: %s/metrics.csv%nreport:  %s%n", data, blnModel, model,
          reportPath);
      if (compare) {
        System.out.println(QuickstartReport.verdict(runs, settings.trainer().batchSizePerWorker()));
      }
      System.out.println("page:    " + page);
    }
    return 0;
  }
}
