package org.blnspark.jobs.report;

import java.util.ArrayList;
import java.util.List;
import org.blnspark.jobs.io.CsvFiles;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.run.EpochMetrics;
import org.blnspark.jobs.run.SweepCell;

/** The sweep's data as CSV: results.csv, one row per cell and epoch, and summary.csv, one row per setting. */
final class SweepTables {
  static final String RESULTS = "results.csv";
  static final String SUMMARY = "summary.csv";

  private SweepTables() {}

  static void write(HadoopFiles files, String directory, List<SweepCell> cells, SweepSummary summary) {
    List<List<Object>> results = new ArrayList<>();
    for (SweepCell cell : cells) {
      for (EpochMetrics m : cell.metrics()) {
        results.add(List.of(cell.norm(), cell.batchSize(), cell.workers(), cell.seed(), m.epoch(), m.trainLoss(),
            m.validationLoss(), m.validationAccuracy(), m.seconds(), cell.evaluation().chosen(),
            cell.evaluation().testAccuracy()));
      }
    }
    CsvFiles.write(files, directory + "/" + RESULTS, List.of("norm", "batch_size", "workers", "seed", "epoch",
        "train_loss", "validation_loss", "validation_accuracy", "seconds", "chosen_inference", "test_accuracy"),
        results);

    List<List<Object>> rows = new ArrayList<>();
    summary.bySetting().forEach((key, stats) -> rows.add(List.of(key.norm(), key.batchSize(), key.workers(),
        stats.getN(), stats.getMean(), stats.getStandardDeviation(), stats.getMin(), stats.getMax())));
    CsvFiles.write(files, directory + "/" + SUMMARY, List.of("norm", "batch_size", "workers", "seeds",
        "test_accuracy_mean", "test_accuracy_sd", "test_accuracy_min", "test_accuracy_max"), rows);
  }
}
