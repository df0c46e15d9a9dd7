package org.blnspark.jobs.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.report.SweepReport;
import org.blnspark.jobs.run.ModelSource;
import org.blnspark.jobs.run.SweepCell;
import org.blnspark.jobs.run.SweepRun;
import org.blnspark.jobs.run.TrainSettings;
import org.blnspark.model.BadInputException;
import org.blnspark.model.zoo.Normalization;
import org.blnspark.spark.TrainerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = "The batch-size study: train and evaluate every norm × per-worker batch size × workers × seed "
        + "(× learning rate), then write results.csv, PNG plots and index.html. BN is reported twice: with its "
        + "running averages, and as BN_RECOMPUTED with population statistics recomputed by BLN's statistics pass. "
        + "Finished cells are skipped on a rerun, unless their data or code differ. Its grid sets each cell's norm, "
        + "batch size, workers, seed and learning rate, so it takes none of train's options for them.")
final class SweepCommand implements Callable<Integer> {
  @Mixin
  SparkOptions spark;

  @Mixin
  TrainOptions training;

  @Mixin
  BudgetOptions length;

  @Mixin
  DataInput input;

  @Option(names = "--output", required = true, description = "directory for the cells and the report")
  String output;

  @Option(names = "--norms", split = ",", defaultValue = "bln,bn,ln,none",
      description = "bln, bn, ln and none, the baseline without normalisation (default: ${DEFAULT-VALUE})")
  List<Normalization> norms;

  @Option(names = "--batch-sizes", split = ",", converter = OptionConverters.BatchSize.class,
      defaultValue = "1," + TrainerSettings.DEFAULT_BATCH_SIZE_PER_WORKER,
      description = "per-worker batch sizes (default: ${DEFAULT-VALUE})")
  List<Integer> batchSizes;

  @Option(names = "--workers-list", split = ",", defaultValue = "2",
      description = "worker counts (default: ${DEFAULT-VALUE})")
  List<Integer> workersList;

  @Option(names = "--seeds", split = ",", defaultValue = "1,2,3", description = "(default: ${DEFAULT-VALUE})")
  List<Long> seeds;

  @Option(names = "--lr-grid", split = ",", description = "Adam's learning rates of the built-in models to train "
      + "every cell at; the report takes, per norm and setting, the rate with the best mean validation accuracy "
      + "over seeds (default: --lr alone)")
  List<Double> lrGrid;

  @Option(names = "--accept-other-commits", description = "reuse finished cells that another code version trained "
      + "(by default they are trained again); the page then lists the commits it mixes")
  boolean acceptOtherCommits;

  @Override
  public Integer call() {
    TrainSettings base = training.settings(RunOptions.defaults(), length);
    List<Double> rates = learningRates(base);
    List<TrainSettings> grid = new ArrayList<>();
    for (Normalization norm : norms) {
      for (int batchSize : batchSizes) {
        for (int workers : workersList) {
          for (long seed : seeds) {
            for (double rate : rates) {
              grid.add(TrainOptions.validated(() -> base.with(norm, batchSize, workers, seed).withLearningRate(rate)));
            }
          }
        }
      }
    }
    try (SparkSession session = spark.session("bln sweep")) {
      List<SweepCell> cells = SweepRun.run(session, grid, input.data, output, acceptOtherCommits);
      String page = SweepReport.write(HadoopFiles.of(session), output, cells);
      System.out.printf("sweep of %d cells done%nresults: %s/results.csv%nreport: %s%n", cells.size(), output, page);
    }
    return 0;
  }

  /** The grid's learning rates, or the one of --lr (or its default). */
  private List<Double> learningRates(TrainSettings base) {
    if (lrGrid == null) {
      return List.of(base.builtIn().learningRate());
    }
    if (!(base.model() instanceof ModelSource.BuiltIn)) {
      throw new BadInputException("--lr-grid is for the built-in models; a configuration file sets its own updater");
    }
    if (training.learningRate != null) {
      throw new BadInputException("--lr and --lr-grid exclude each other: give the rates in --lr-grid");
    }
    return lrGrid.stream().distinct().toList();
  }
}
