package org.blnspark.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.run.CodeVersion;
import org.blnspark.jobs.run.EpochMetrics;
import org.blnspark.jobs.run.EvaluationReport;
import org.blnspark.jobs.run.RunIdentity;
import org.blnspark.jobs.run.SweepCell;
import org.blnspark.model.zoo.Normalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed-level columns of summary.csv and comparisons.csv, and the page's words on what is
 * supported, for cells of known test accuracies, checked against values worked out by hand.
 */
class SweepReportTest {
  @TempDir
  Path dir;

  @Test
  void threeSeedsGiveIntervalsAndHolmPValuesButSupportNothingAndThePageSaysWhy() throws IOException {
    List<SweepCell> cells = new ArrayList<>();
    cells.addAll(cells(Normalization.BLN, 0.80, 0.82, 0.84));
    cells.addAll(cells(Normalization.BN, 0.70, 0.75, 0.71));
    cells.addAll(cells(Normalization.NONE, 0.79, 0.83, 0.84));
    SweepReport.write(new HadoopFiles(new Configuration()), dir.toString(), cells);

    // BLN: mean 0.82, sd 0.02, t(0.975, 2) = 4.302653: 0.82 ± 4.302653 · 0.02 / √3.
    Map<String, String> bln = row("summary.csv", "BLN");
    assertThat(number(bln, "test_accuracy_mean")).isCloseTo(0.82, within(1e-12));
    assertThat(number(bln, "test_accuracy_ci95_low")).isCloseTo(0.82 - 4.302653 * 0.02 / Math.sqrt(3), within(1e-6));
    assertThat(number(bln, "test_accuracy_ci95_high")).isCloseTo(0.82 + 4.302653 * 0.02 / Math.sqrt(3), within(1e-6));
    assertThat(bln.get("bln_minus_this_mean")).as("BLN against itself").isEmpty();
    // BLN − BN by seed: 0.10, 0.07, 0.13: mean 0.10, sd 0.03; every sign positive, so p = 2/8.
    // BLN − none: 0.01, −0.01, 0: mean 0, p = 1. BN − none: −0.09, −0.08, −0.13: p = 2/8.
    // Holm over the three: 0.25 · 3 = 0.75, then max(0.75, 0.25 · 2), then 1.
    Map<String, String> bn = row("summary.csv", "BN");
    assertThat(number(bn, "bln_minus_this_seeds")).isEqualTo(3);
    assertThat(number(bn, "bln_minus_this_mean")).isCloseTo(0.10, within(1e-12));
    assertThat(number(bn, "bln_minus_this_ci95_low")).isCloseTo(0.10 - 4.302653 * 0.03 / Math.sqrt(3), within(1e-6));
    assertThat(number(bn, "bln_minus_this_sign_flip_p")).isEqualTo(0.25);
    assertThat(number(bn, "bln_minus_this_holm_p")).isCloseTo(0.75, within(1e-12));
    Map<String, String> none = row("summary.csv", "NONE");
    assertThat(number(none, "bln_minus_this_mean")).isCloseTo(0, within(1e-12));
    assertThat(number(none, "bln_minus_this_sign_flip_p")).isEqualTo(1.0);
    assertThat(number(none, "bln_minus_this_holm_p")).isEqualTo(1.0);
    assertThat(none.get("commits")).isEqualTo(CodeVersion.current().describe());

    List<String> comparisons = Files.readAllLines(dir.resolve("comparisons.csv"));
    assertThat(comparisons).hasSize(1 + 3);
    Map<String, String> bnNone = row("comparisons.csv", "BN");
    assertThat(bnNone.get("second")).isEqualTo("NONE");
    assertThat(number(bnNone, "diff_mean")).isCloseTo(-0.10, within(1e-12));
    assertThat(number(bnNone, "holm_p")).isCloseTo(0.75, within(1e-12));
    assertThat(bnNone.get("supported")).isEqualTo("false");

    String page = Files.readString(dir.resolve("index.html"));
    // Three comparisons of three seeds: 2/8 is the smallest p; 6 seeds for one (2/64 < 0.05), 7 for three (6/128).
    assertThat(page).contains("After Holm's correction across the 3 comparisons on this page, no difference between "
        + "two norms is supported at the 5% level. With 3 seeds the sign-flip test cannot give a p-value below 0.25, "
        + "even when every seed agrees: one comparison alone needs 6 seeds to reach 0.05, and 3 under Holm's "
        + "correction need 7.");
    assertThat(page).contains("0.820 [0.770, 0.870] (3)");
  }

  @Test
  void sixSeedsThatAgreeSupportADifferenceAndThePageNamesIt() throws IOException {
    List<SweepCell> cells = new ArrayList<>();
    cells.addAll(cells(Normalization.BLN, 0.80, 0.82, 0.84, 0.81, 0.83, 0.85));
    cells.addAll(cells(Normalization.BN, 0.70, 0.75, 0.71, 0.72, 0.74, 0.73));
    SweepReport.write(new HadoopFiles(new Configuration()), dir.toString(), cells);

    Map<String, String> bn = row("summary.csv", "BN");
    // Six positive differences: p = 2/64, and Holm over one comparison leaves it.
    assertThat(number(bn, "bln_minus_this_sign_flip_p")).isEqualTo(2 / 64.0);
    assertThat(number(bn, "bln_minus_this_holm_p")).isEqualTo(2 / 64.0);
    assertThat(row("comparisons.csv", "BLN").get("supported")).isEqualTo("true");
    assertThat(Files.readString(dir.resolve("index.html"))).contains("After Holm's correction across the 1 comparison "
        + "on this page, the data supports BLN above BN at batch size 25, 1 worker (+0.100 [")
        .contains("Every difference is supported.").contains("on this page at 5% across its 1 comparison.");
  }

  @Test
  void eachNormIsReadAtTheRateWithTheBestMeanValidationAccuracyAndTheTestSplitPlaysNoPart() throws IOException {
    List<SweepCell> cells = new ArrayList<>();
    // BLN is best on validation at 0.008, although its test accuracy is higher at 0.002; none is best at 0.002.
    cells.addAll(cellsAt(Normalization.BLN, 0.002, 0.70, 0.95, 0.96));
    cells.addAll(cellsAt(Normalization.BLN, 0.008, 0.80, 0.85, 0.86));
    cells.addAll(cellsAt(Normalization.NONE, 0.002, 0.90, 0.81, 0.82));
    cells.addAll(cellsAt(Normalization.NONE, 0.008, 0.60, 0.99, 0.99));
    SweepReport.write(new HadoopFiles(new Configuration()), dir.toString(), cells);

    assertThat(number(row("summary.csv", "BLN"), "test_accuracy_mean")).isCloseTo(0.855, within(1e-12));
    Map<String, String> none = row("summary.csv", "NONE");
    assertThat(number(none, "test_accuracy_mean")).isCloseTo(0.815, within(1e-12));
    assertThat(number(none, "bln_minus_this_mean")).isCloseTo(0.04, within(1e-12));
    List<String> rates = Files.readAllLines(dir.resolve("learning-rates.csv"));
    assertThat(rates).containsExactly("norm,batch_size,workers,learning_rate,validation_accuracy_mean,chosen",
        "BLN,25,1,0.002,0.7,false", "BLN,25,1,0.008,0.8,true",
        "NONE,25,1,0.002,0.9,true", "NONE,25,1,0.008,0.6,false");
    assertThat(Files.readString(dir.resolve("index.html"))).contains("<h2>Learning rates</h2>")
        .contains("<td>BLN</td><td>25</td><td>1</td><td>0.008</td><td>0.002: 0.7000, 0.008: 0.8000</td>");
    assertThat(Files.readString(dir.resolve("tables.md"))).contains("| NONE | 25 | 1 | 0.002 | 0.002: 0.9000, "
        + "0.008: 0.6000 |");
  }

  @Test
  void aBnCellWithRecomputedStatisticsIsReportedAsASecondArmPairedWithItsRunningAverages() throws IOException {
    List<SweepCell> cells = new ArrayList<>(cellsAt(Normalization.BLN, 0.001, 0.8, 0.80, 0.82, 0.84));
    List<SweepCell> recomputed = cellsAt(Normalization.BN, 0.001, 0.8, 0.78, 0.79, 0.83);
    for (SweepCell bn : cellsAt(Normalization.BN, 0.001, 0.8, 0.70, 0.75, 0.71)) {
      SweepCell other = recomputed.get((int) bn.seed() - 1);
      cells.add(new SweepCell(bn.norm(), null, bn.batchSize(), bn.workers(), bn.seed(), bn.learningRate(), bn.run(),
          bn.metrics(), bn.evaluation(), bn.testOutcomes(),
          new SweepCell.Scored(other.evaluation(), other.testOutcomes())));
    }
    SweepReport.write(new HadoopFiles(new Configuration()), dir.toString(), cells);

    assertThat(number(row("summary.csv", "BN"), "test_accuracy_mean")).isCloseTo(0.72, within(1e-12));
    Map<String, String> bnRecomputed = row("summary.csv", "BN_RECOMPUTED");
    assertThat(number(bnRecomputed, "test_accuracy_mean")).isCloseTo(0.80, within(1e-12));
    assertThat(number(bnRecomputed, "bln_minus_this_mean")).isCloseTo(0.02, within(1e-12));
    // BN − BN_RECOMPUTED by seed: the same networks, so paired: −0.08, −0.04, −0.12.
    Map<String, String> bnVersusRecomputed = row("comparisons.csv", "BN");
    assertThat(bnVersusRecomputed.get("second")).isEqualTo("BN_RECOMPUTED");
    assertThat(number(bnVersusRecomputed, "diff_mean")).isCloseTo(-0.08, within(1e-12));
    assertThat(Files.readAllLines(dir.resolve("comparisons.csv"))).hasSize(1 + 3);
    assertThat(Files.readString(dir.resolve("index.html"))).doesNotContain("<h2>Learning rates</h2>");
  }

  /** One cell per seed (1, 2, ...) of {@code norm} at batch size 25 and 1 worker, with these test accuracies. */
  private static List<SweepCell> cells(Normalization norm, double... accuracies) {
    return cellsAt(norm, 0.001, 0.8, accuracies);
  }

  /** As above, trained at {@code rate}, each with {@code validation} as its validation accuracy. */
  private static List<SweepCell> cellsAt(Normalization norm, double rate, double validation, double... accuracies) {
    List<SweepCell> cells = new ArrayList<>();
    for (int s = 0; s < accuracies.length; s++) {
      EvaluationReport evaluation = new EvaluationReport("PPBB", accuracies[s], 0.5, 0.5, 1000,
          Map.of("PPBB", validation), Map.of("PPBB", 0.5), Map.of("PPBB", accuracies[s]), List.of());
      cells.add(new SweepCell(norm, null, 25, 1, s + 1, rate, new RunIdentity(Map.of("norm", norm.name()), null,
          CodeVersion.current()), List.of(new EpochMetrics(1, 1, 1, 0.5, 1, Map.of())), evaluation, null, null));
    }
    return cells;
  }

  /** The first row of a CSV whose first column is {@code first}, by column name. */
  private Map<String, String> row(String file, String first) throws IOException {
    List<String> lines = Files.readAllLines(dir.resolve(file));
    String[] header = lines.get(0).split(",", -1);
    String[] values = lines.stream().filter(l -> l.startsWith(first + ",")).findFirst().orElseThrow().split(",", -1);
    Map<String, String> row = new java.util.LinkedHashMap<>();
    for (int i = 0; i < header.length; i++) {
      row.put(header[i], values[i]);
    }
    return row;
  }

  private static double number(Map<String, String> row, String column) {
    return Double.parseDouble(row.get(column));
  }
}
