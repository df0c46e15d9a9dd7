package org.blnspark.jobs.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.blnspark.jobs.run.SweepCell;

/**
 * Each arm's learning rate at each batch size and worker count, chosen on the validation split
 * alone: the rate whose cells' validation accuracy (of the configuration each cell chose), averaged
 * over seeds, is highest; a tie goes to the smaller rate. Every arm gets its own rate, so a
 * comparison does not hold one norm to a rate that suits another. The report then reads only the
 * cells trained at the chosen rates.
 */
final class LearningRateChoice {
  /**
   * One setting's choice.
   *
   * @param validationByRate each rate's mean validation accuracy over seeds, in ascending order of rate
   */
  record Choice(SweepSummary.Setting setting, double chosen, Map<Double, Double> validationByRate, int seeds) {
    /** Every rate with its mean validation accuracy, as the tables print them: {@code 0.002: 0.8123, ...}. */
    String byRate() {
      return validationByRate.entrySet().stream()
          .map(e -> String.format("%s: %.4f", SweepCell.plain(e.getKey()), e.getValue()))
          .collect(Collectors.joining(", "));
    }
  }

  private final List<Choice> choices = new ArrayList<>();
  private final List<SweepCell> selected = new ArrayList<>();

  LearningRateChoice(List<SweepCell> cells) {
    Map<SweepSummary.Setting, List<SweepCell>> bySetting = cells.stream().collect(Collectors.groupingBy(
        c -> new SweepSummary.Setting(c.arm(), c.batchSize(), c.workers()), LinkedHashMap::new, Collectors.toList()));
    bySetting.forEach((setting, settingCells) -> {
      Map<Double, List<SweepCell>> byRate = settingCells.stream().collect(Collectors.groupingBy(
          SweepCell::learningRate, TreeMap::new, Collectors.toList()));
      Map<Double, Double> validation = new LinkedHashMap<>();
      byRate.forEach((rate, rateCells) -> validation.put(rate,
          rateCells.stream().mapToDouble(LearningRateChoice::validationAccuracy).average().orElse(Double.NaN)));
      // Ascending rates and a strict comparison: the first of equal accuracies, the smaller rate, wins.
      double chosen = validation.entrySet().stream().max(Comparator.comparingDouble(Map.Entry::getValue))
          .orElseThrow().getKey();
      choices.add(new Choice(setting, chosen, validation, byRate.get(chosen).size()));
      settingCells.stream().filter(c -> c.learningRate() == chosen).forEach(selected::add);
    });
  }

  /** The validation accuracy of the inference configuration the cell chose on validation. */
  static double validationAccuracy(SweepCell cell) {
    return cell.evaluation().validationAccuracy().get(cell.evaluation().chosen());
  }

  List<Choice> choices() {
    return choices;
  }

  /** The cells trained at their setting's chosen rate, in the order they came. */
  List<SweepCell> selected() {
    return selected;
  }

  /** Whether any setting had more than one rate to choose from; otherwise there is nothing to report. */
  boolean chose() {
    return choices.stream().anyMatch(c -> c.validationByRate().size() > 1);
  }
}
