package org.blnspark.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.blnspark.model.InferenceStatistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = "The batch-size study: train and evaluate every norm × per-worker batch size × workers × seed, "
        + "then write results.csv, PNG plots and index.html. Finished cells are skipped on a rerun.")
final class SweepCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(SweepCommand.class);

  @Mixin
  SparkOptions spark;

  @Mixin
  TrainOptions training;

  @Option(names = "--data", required = true, description = "a dataset written by 'bln prepare'")
  String data;

  @Option(names = "--output", required = true, description = "directory for the cells and the report")
  String output;

  @Option(names = "--norms", split = ",", defaultValue = "bn,ln,bln", description = "(default: ${DEFAULT-VALUE})")
  List<String> norms;

  @Option(names = "--batch-sizes", split = ",", defaultValue = "1,25",
      description = "per-worker batch sizes (default: ${DEFAULT-VALUE})")
  List<Integer> batchSizes;

  @Option(names = "--workers-list", split = ",", defaultValue = "2",
      description = "worker counts (default: ${DEFAULT-VALUE})")
  List<Integer> workersList;

  @Option(names = "--seeds", split = ",", defaultValue = "1,2,3", description = "(default: ${DEFAULT-VALUE})")
  List<Long> seeds;

  @Override
  public Integer call() {
    TrainSettings base = training.settings();
    List<TrainSettings> grid = new ArrayList<>();
    for (String norm : norms) {
      for (int batchSize : batchSizes) {
        for (int workers : workersList) {
          for (long seed : seeds) {
            grid.add(base.with(TrainOptions.normalization(norm), batchSize, workers, seed));
          }
        }
      }
    }
    try (SparkSession session = spark.session("bln sweep")) {
      HadoopFiles files = new HadoopFiles(session.sparkContext().hadoopConfiguration());
      List<SweepCell> cells = new ArrayList<>();
      for (TrainSettings settings : grid) {
        cells.add(runCell(session, files, settings, grid.size(), cells.size() + 1));
      }
      String page = SweepReport.write(files, output, cells);
      System.out.printf("sweep of %d cells done%nresults: %s/results.csv%nreport: %s%n", cells.size(), output, page);
    }
    return 0;
  }

  private SweepCell runCell(SparkSession session, HadoopFiles files, TrainSettings settings, int total, int index) {
    String name = SweepCell.name(settings.normalization(), settings.batchSize(), settings.workers(), settings.seed());
    String dir = output + "/cells/" + name;
    String resultPath = dir + "/cell.json";
    if (files.exists(resultPath)) {
      LOG.info("cell {}/{} {}: finished before, skipped", index, total, name);
      return files.read(resultPath, in -> MetricsFiles.JSON.readValue(in, SweepCell.class));
    }
    LOG.info("cell {}/{} {}: training", index, total, name);
    TrainingRun.Outcome outcome = TrainingRun.run(session, settings,
        new TrainingRun.Paths(data, dir, null, false, 1));
    EvaluationRun.Report evaluation = EvaluationRun.run(session, outcome.network(), data, InferenceStatistics.all(),
        settings.batchSize());
    SweepCell cell = new SweepCell(settings.normalization().name(), settings.batchSize(), settings.workers(),
        settings.seed(), outcome.metrics(), evaluation);
    files.write(resultPath, out -> MetricsFiles.JSON.writeValue(out, cell));
    return cell;
  }
}
