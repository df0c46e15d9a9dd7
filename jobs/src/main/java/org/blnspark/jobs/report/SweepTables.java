package org.blnspark.jobs.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.blnspark.jobs.io.CsvFiles;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.run.EpochMetrics;
import org.blnspark.jobs.run.SweepCell;
import org.blnspark.jobs.run.Arm;

/**
 * The sweep's data as CSV: results.csv, one row per cell and epoch, with the commit that trained
 * it; summary.csv, one row per setting (its mean over seeds with a 95% t-interval, what PPBB, BBBB
 * and the best configuration on test score, and BLN minus this norm over seeds); comparisons.csv,
 * every two norms at the same batch size and workers over seeds, with Holm's correction; and
 * paired.csv, the within-seed detail: BLN against each other norm on one seed's two networks.
 */
final class SweepTables {
  static final String RESULTS = "results.csv";
  static final String SUMMARY = "summary.csv";
  /** Every two norms compared over seeds: the page's family of tests. */
  static final String COMPARISONS = "comparisons.csv";
  /** Within-seed detail: BLN against each other norm on each seed's networks, example by example. */
  static final String PAIRED = "paired.csv";
  /** Each arm's learning rate per setting, chosen on validation, beside every rate's validation accuracy. */
  static final String LEARNING_RATES = "learning-rates.csv";

  private SweepTables() {}

  static void write(HadoopFiles files, String directory, List<SweepCell> cells, SweepSummary summary) {
    List<List<Object>> results = new ArrayList<>();
    for (SweepCell cell : cells) {
      for (EpochMetrics m : cell.metrics()) {
        results.add(List.of(cell.arm(), cell.batchSize(), cell.workers(), cell.seed(), cell.learningRate(), m.epoch(),
            m.trainLoss(), m.validationLoss(), m.validationAccuracy(), m.seconds(), cell.evaluation().chosen(),
            cell.evaluation().testAccuracy(), SweepSummary.commit(cell)));
      }
    }
    CsvFiles.write(files, directory + "/" + RESULTS, List.of("norm", "batch_size", "workers", "seed", "learning_rate",
        "epoch", "train_loss", "validation_loss", "validation_accuracy", "seconds", "chosen_inference",
        "test_accuracy", "commit"), results);

    List<List<Object>> rates = new ArrayList<>();
    for (LearningRateChoice.Choice choice : summary.learningRates().choices()) {
      choice.validationByRate().forEach((rate, accuracy) -> rates.add(List.of(choice.setting().arm(),
          choice.setting().batchSize(), choice.setting().workers(), rate, accuracy, rate == choice.chosen())));
    }
    CsvFiles.write(files, directory + "/" + LEARNING_RATES, List.of("norm", "batch_size", "workers", "learning_rate",
        "validation_accuracy_mean", "chosen"), rates);

    List<NormComparison> comparisons = summary.normComparisons();
    List<List<Object>> rows = new ArrayList<>();
    summary.bySetting().forEach((key, stats) -> {
      SeedInference.Interval mean = summary.meanInterval(key);
      List<Object> row = new ArrayList<>(List.of(key.arm(), key.batchSize(), key.workers(), stats.getN(),
          stats.getMean(), mean.low(), mean.high(), stats.getStandardDeviation(), stats.getMin(), stats.getMax(),
          summary.statistics(key, SweepSummary.configuration("PPBB")).getMean(),
          summary.statistics(key, SweepSummary.configuration("BBBB")).getMean(),
          summary.statistics(key, SweepSummary.BEST_ON_TEST).getMean()));
      Optional<NormComparison> bln = comparisons.stream()
          .filter(c -> c.first().arm() == Arm.BLN && c.second().equals(key)).findFirst();
      row.addAll(bln.<List<Object>>map(c -> List.of(c.difference().n(), c.difference().mean(), c.difference().low(),
          c.difference().high(), c.pValue(), c.holmPValue())).orElse(List.of("", "", "", "", "", "")));
      row.add(String.join(" ", SweepSummary.commits(summary.cellsBySetting().get(key)).keySet()));
      rows.add(row);
    });
    CsvFiles.write(files, directory + "/" + SUMMARY, List.of("norm", "batch_size", "workers", "seeds",
        "test_accuracy_mean", "test_accuracy_ci95_low", "test_accuracy_ci95_high", "test_accuracy_sd",
        "test_accuracy_min", "test_accuracy_max", "ppbb_mean", "bbbb_mean", "best_on_test_mean",
        "bln_minus_this_seeds", "bln_minus_this_mean", "bln_minus_this_ci95_low", "bln_minus_this_ci95_high",
        "bln_minus_this_sign_flip_p", "bln_minus_this_holm_p", "commits"), rows);

    CsvFiles.write(files, directory + "/" + COMPARISONS, List.of("first", "second", "batch_size", "workers", "seeds",
        "diff_mean", "ci95_low", "ci95_high", "sign_flip_p", "holm_p", "supported"),
        comparisons.stream().map(c -> List.<Object>of(c.first().arm(), c.second().arm(), c.first().batchSize(),
            c.first().workers(), c.difference().n(), c.difference().mean(), c.difference().low(),
            c.difference().high(), c.pValue(), c.holmPValue(), c.supported())).toList());

    List<List<Object>> pairs = new ArrayList<>();
    for (SweepSummary.Comparison c : summary.comparisons()) {
      PairedComparison r = c.result();
      pairs.add(List.of("bln-" + c.other().arm().name().toLowerCase(java.util.Locale.ROOT), c.other().batchSize(),
          c.other().workers(), c.seed(), r.difference(), r.ci95Low(), r.ci95High(), r.onlyFirstRight(),
          r.onlySecondRight(), r.pValue()));
    }
    CsvFiles.write(files, directory + "/" + PAIRED, List.of("pair", "batch_size", "workers", "seed",
        "within_seed_diff", "examples_ci95_low", "examples_ci95_high", "only_bln_right", "only_other_right",
        "mcnemar_p"), pairs);
  }
}
