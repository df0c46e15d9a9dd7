package org.blnspark.jobs.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.blnspark.jobs.io.CsvFiles;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.run.EpochMetrics;
import org.blnspark.jobs.run.SweepCell;

/**
 * The sweep's data as CSV: results.csv, one row per cell and epoch, with the commit that trained
 * it; summary.csv, one row per
 * setting (with what PPBB, BBBB and the best configuration on test score, and BLN minus this
 * norm over the seeds); paired.csv, BLN against each other norm per seed and over the seeds.
 */
final class SweepTables {
  static final String RESULTS = "results.csv";
  static final String SUMMARY = "summary.csv";
  /** BLN against each other norm, per seed and over the seeds ("all"), example by example. */
  static final String PAIRED = "paired.csv";

  private SweepTables() {}

  static void write(HadoopFiles files, String directory, List<SweepCell> cells, SweepSummary summary) {
    List<List<Object>> results = new ArrayList<>();
    for (SweepCell cell : cells) {
      for (EpochMetrics m : cell.metrics()) {
        results.add(List.of(cell.norm(), cell.batchSize(), cell.workers(), cell.seed(), m.epoch(), m.trainLoss(),
            m.validationLoss(), m.validationAccuracy(), m.seconds(), cell.evaluation().chosen(),
            cell.evaluation().testAccuracy(), SweepSummary.commit(cell)));
      }
    }
    CsvFiles.write(files, directory + "/" + RESULTS, List.of("norm", "batch_size", "workers", "seed", "epoch",
        "train_loss", "validation_loss", "validation_accuracy", "seconds", "chosen_inference", "test_accuracy", "commit"),
        results);

    List<SweepSummary.Comparison> comparisons = summary.comparisons();
    List<List<Object>> rows = new ArrayList<>();
    summary.bySetting().forEach((key, stats) -> {
      List<Object> row = new ArrayList<>(List.of(key.norm(), key.batchSize(), key.workers(), stats.getN(),
          stats.getMean(), stats.getStandardDeviation(), stats.getMin(), stats.getMax(),
          summary.statistics(key, SweepSummary.configuration("PPBB")).getMean(),
          summary.statistics(key, SweepSummary.configuration("BBBB")).getMean(),
          summary.statistics(key, SweepSummary.BEST_ON_TEST).getMean()));
      Optional<PairedComparison> paired = SweepSummary.combined(comparisons, key);
      row.addAll(paired.<List<Object>>map(c -> List.of(c.difference(), c.ci95Low(), c.ci95High(), c.pValue()))
          .orElse(List.of("", "", "", "")));
      rows.add(row);
    });
    CsvFiles.write(files, directory + "/" + SUMMARY, List.of("norm", "batch_size", "workers", "seeds",
        "test_accuracy_mean", "test_accuracy_sd", "test_accuracy_min", "test_accuracy_max", "ppbb_mean",
        "bbbb_mean", "best_on_test_mean", "bln_minus_this_diff_mean", "ci95_low", "ci95_high", "p_value"), rows);

    List<List<Object>> pairs = new ArrayList<>();
    for (SweepSummary.Comparison c : comparisons) {
      PairedComparison r = c.result();
      pairs.add(List.of("bln-" + c.other().norm().name().toLowerCase(java.util.Locale.ROOT), c.other().batchSize(),
          c.other().workers(), c.seed() == null ? "all" : c.seed(), r.seeds(), r.difference(), r.ci95Low(),
          r.ci95High(), r.onlyFirstRight(), r.onlySecondRight(), r.pValue()));
    }
    CsvFiles.write(files, directory + "/" + PAIRED, List.of("pair", "batch_size", "workers", "seed", "seeds",
        "diff_mean", "ci95_low", "ci95_high", "only_bln_right", "only_other_right", "p_value"), pairs);
  }
}
