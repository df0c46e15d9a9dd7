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
import org.blnspark.jobs.run.Arm;

/**
 * A sweep's cells by setting (the cells that differ only in their seed, at the setting's learning
 * rate chosen on validation), in the order they came:
 * test accuracy over seeds with its interval, what other inference configurations would have
 * scored, every two norms at the same batch size and workers compared over seeds
 * ({@link NormComparison}), and, as within-seed detail, BLN against each other norm example by
 * example on one seed's networks ({@link PairedComparison}).
 */
final class SweepSummary {
  /** One row of the summary: the cells that differ only in their seed. */
  record Setting(Arm arm, int batchSize, int workers) {
    Setting withArm(Arm other) {
      return new Setting(other, batchSize, workers);
    }
  }

  /** BLN against {@code other} on one seed's two trained networks, example by example. */
  record Comparison(Setting other, long seed, PairedComparison result) {}

  /** The test accuracy a cell reports: that of the configuration chosen on validation. */
  static final ToDoubleFunction<SweepCell> CHOSEN = cell -> cell.evaluation().testAccuracy();

  private final Map<Setting, List<SweepCell>> cells = new LinkedHashMap<>();
  private final LearningRateChoice learningRates;

  /** Summarises {@code all} at each setting's learning rate chosen on validation ({@link LearningRateChoice}). */
  SweepSummary(List<SweepCell> all) {
    learningRates = new LearningRateChoice(all);
    for (SweepCell cell : learningRates.selected()) {
      cells.computeIfAbsent(new Setting(cell.arm(), cell.batchSize(), cell.workers()), k -> new ArrayList<>())
          .add(cell);
    }
  }

  LearningRateChoice learningRates() {
    return learningRates;
  }

  /** The cells the summary reads: those at their setting's chosen learning rate. */
  List<SweepCell> selectedCells() {
    return learningRates.selected();
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

  /** The chosen configuration's mean test accuracy over the seeds of {@code setting}, with its 95% t-interval. */
  SeedInference.Interval meanInterval(Setting setting) {
    return SeedInference.tInterval(cells.getOrDefault(setting, List.of()).stream().mapToDouble(CHOSEN).toArray());
  }

  /**
   * Every two norms at the same batch size and workers, the first in the norms' order minus the
   * second, over the seeds both trained, with the p-values adjusted by Holm across all of them: the
   * family is every comparison the page shows.
   */
  List<NormComparison> normComparisons() {
    List<Setting[]> pairs = new ArrayList<>();
    List<SeedInference.Interval> differences = new ArrayList<>();
    List<Double> pValues = new ArrayList<>();
    for (Setting first : cells.keySet()) {
      for (Setting second : cells.keySet()) {
        if (first.arm().compareTo(second.arm()) >= 0 || !second.equals(first.withArm(second.arm()))) {
          continue;
        }
        double[] bySeed = differencesBySeed(first, second);
        if (bySeed.length > 0) {
          pairs.add(new Setting[] {first, second});
          differences.add(SeedInference.tInterval(bySeed));
          pValues.add(SeedInference.signFlipPValue(bySeed));
        }
      }
    }
    double[] holm = SeedInference.holm(pValues.stream().mapToDouble(Double::doubleValue).toArray());
    List<NormComparison> comparisons = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      comparisons.add(new NormComparison(pairs.get(i)[0], pairs.get(i)[1], differences.get(i), pValues.get(i),
          holm[i]));
    }
    return comparisons;
  }

  /** The chosen configuration's test accuracy of {@code first} minus {@code second}, for each seed both have. */
  private double[] differencesBySeed(Setting first, Setting second) {
    List<Double> differences = new ArrayList<>();
    for (SweepCell cell : cells.get(first)) {
      cells.get(second).stream().filter(other -> other.seed() == cell.seed()).findFirst()
          .ifPresent(other -> differences.add(CHOSEN.applyAsDouble(cell) - CHOSEN.applyAsDouble(other)));
    }
    return differences.stream().mapToDouble(Double::doubleValue).toArray();
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
   * Within-seed detail: BLN minus every other norm at the same batch size and workers, example by
   * example on each seed's two networks, where both cells recorded their test outcomes. Each says
   * whether two trained networks differ, not whether one norm beats another.
   */
  List<Comparison> comparisons() {
    List<Comparison> comparisons = new ArrayList<>();
    for (Setting bln : cells.keySet()) {
      if (bln.arm() != Arm.BLN) {
        continue;
      }
      for (Arm norm : Arm.values()) {
        Setting other = bln.withArm(norm);
        if (norm == Arm.BLN || !cells.containsKey(other)) {
          continue;
        }
        for (SweepCell cell : cells.get(bln)) {
          Optional<SweepCell> pair = cells.get(other).stream().filter(c -> c.seed() == cell.seed()).findFirst();
          if (cell.testOutcomes() != null && pair.isPresent() && pair.get().testOutcomes() != null) {
            comparisons.add(new Comparison(other, cell.seed(),
                PairedComparison.of(cell.testOutcomes(), pair.get().testOutcomes())));
          }
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
}
