package org.blnspark.jobs.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.blnspark.jobs.run.SweepCell;
import org.blnspark.jobs.run.TestOutcomes;
import org.blnspark.model.zoo.Normalization;

/**
 * A sweep's cells by setting (the cells that differ only in their seed), in the order they came:
 * test accuracy over seeds, what other inference configurations would have scored, and BLN against
 * each other norm at the same batch size and workers, example by example ({@link PairedComparison}).
 */
final class SweepSummary {
  /** One row of the summary: the cells that differ only in their seed. */
  record Setting(Normalization norm, int batchSize, int workers) {
    Setting withNorm(Normalization other) {
      return new Setting(other, batchSize, workers);
    }
  }

  /** BLN against {@code other} on one seed's models, or on all the seeds both have ({@code seed} null). */
  record Comparison(Setting other, Long seed, PairedComparison result) {}

  /** The test accuracy a cell reports: that of the configuration chosen on validation. */
  static final ToDoubleFunction<SweepCell> CHOSEN = cell -> cell.evaluation().testAccuracy();

  private final Map<Setting, List<SweepCell>> cells = new LinkedHashMap<>();

  SweepSummary(List<SweepCell> all) {
    for (SweepCell cell : all) {
      cells.computeIfAbsent(new Setting(cell.norm(), cell.batchSize(), cell.workers()), k -> new ArrayList<>())
          .add(cell);
    }
  }

  Map<Setting, List<SweepCell>> cellsBySetting() {
    return Collections.unmodifiableMap(cells);
  }

  /** The chosen configuration's test accuracy over the seeds of each setting. */
  Map<Setting, SummaryStatistics> bySetting() {
    Map<Setting, SummaryStatistics> stats = new LinkedHashMap<>();
    cells.keySet().forEach(setting -> stats.put(setting, statistics(setting, CHOSEN)));
    return stats;
  }

  /** {@code value} over the seeds of {@code setting}. */
  SummaryStatistics statistics(Setting setting, ToDoubleFunction<SweepCell> value) {
    SummaryStatistics stats = new SummaryStatistics();
    cells.getOrDefault(setting, List.of()).forEach(cell -> stats.addValue(value.applyAsDouble(cell)));
    return stats;
  }

  /** A configuration's test accuracy in a cell; for a network without BLN, the one it has. */
  static ToDoubleFunction<SweepCell> configuration(String code) {
    return cell -> {
      Map<String, Double> byConfiguration = cell.evaluation().testAccuracyByConfiguration();
      return byConfiguration == null ? Double.NaN
          : byConfiguration.getOrDefault(code, cell.evaluation().testAccuracy());
    };
  }

  /** The test accuracy of the configuration best on test, as the reference selects. */
  static final ToDoubleFunction<SweepCell> BEST_ON_TEST = cell ->
      cell.evaluation().testAccuracyByConfiguration() == null ? Double.NaN
          : cell.evaluation().testAccuracyByConfiguration().get(cell.evaluation().bestOnTest());

  /**
   * BLN minus every other norm at the same batch size and workers: per seed, then over all the
   * seeds both have, where both cells recorded their test outcomes.
   */
  List<Comparison> comparisons() {
    List<Comparison> comparisons = new ArrayList<>();
    for (Setting bln : cells.keySet()) {
      if (bln.norm() != Normalization.BLN) {
        continue;
      }
      for (Normalization norm : Normalization.values()) {
        Setting other = bln.withNorm(norm);
        if (norm == Normalization.BLN || !cells.containsKey(other)) {
          continue;
        }
        List<TestOutcomes> first = new ArrayList<>();
        List<TestOutcomes> second = new ArrayList<>();
        for (SweepCell cell : cells.get(bln)) {
          Optional<SweepCell> pair = cells.get(other).stream().filter(c -> c.seed() == cell.seed()).findFirst();
          if (cell.testOutcomes() != null && pair.isPresent() && pair.get().testOutcomes() != null) {
            first.add(cell.testOutcomes());
            second.add(pair.get().testOutcomes());
            comparisons.add(new Comparison(other, cell.seed(),
                PairedComparison.of(List.of(cell.testOutcomes()), List.of(pair.get().testOutcomes()))));
          }
        }
        if (!first.isEmpty()) {
          comparisons.add(new Comparison(other, null, PairedComparison.of(first, second)));
        }
      }
    }
    return comparisons;
  }

  /** The code version that trained {@code cell}, as the page and the tables name it. */
  static String commit(SweepCell cell) {
    return cell.run() == null || cell.run().code() == null ? "not recorded" : cell.run().code().describe();
  }

  /** How many of {@code cells} each code version trained, in the order they first come. */
  static Map<String, Long> commits(List<SweepCell> cells) {
    return cells.stream().collect(Collectors.groupingBy(SweepSummary::commit, LinkedHashMap::new,
        Collectors.counting()));
  }

  /** The comparison of BLN with {@code other} over all seeds, if there is one. */
  static Optional<PairedComparison> combined(List<Comparison> comparisons, Setting other) {
    return comparisons.stream().filter(c -> c.seed() == null && c.other().equals(other))
        .map(Comparison::result).findFirst();
  }

  /** BLN against {@code other}, one comparison per seed. */
  static List<PairedComparison> perSeed(List<Comparison> comparisons, Setting other) {
    return comparisons.stream().filter(c -> c.seed() != null && c.other().equals(other))
        .map(Comparison::result).toList();
  }
}
