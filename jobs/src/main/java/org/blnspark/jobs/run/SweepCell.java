package org.blnspark.jobs.run;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.blnspark.model.zoo.Normalization;

/**
 * One point of the batch-size study and what it measured.
 *
 * @param arm what this record reports: the trained norm, or for a BN cell read back for a report,
 *     {@link Arm#BN_RECOMPUTED}; absent from the cells of earlier versions, which are their norm's
 * @param learningRate Adam's learning rate the cell trained with; 0 in cells of earlier versions
 * @param run every setting that shaped the result, so that a rerun with other settings does not
 *     take this cell for its own
 * @param metrics per-epoch training curves
 * @param evaluation the configuration chosen on validation and its test score
 * @param testOutcomes which test examples the chosen configuration classified correctly, for paired
 *     comparisons; null in cells of earlier versions
 * @param recomputed for a BN cell, the same network scored with its population statistics
 *     recomputed by the statistics pass; null otherwise
 */
public record SweepCell(Normalization norm, Arm arm, int batchSize, int workers, long seed, double learningRate,
                        RunIdentity run, List<EpochMetrics> metrics, EvaluationReport evaluation,
                        TestOutcomes testOutcomes, Scored recomputed) {
  /** A trained network's evaluation and test outcomes under other population statistics. */
  public record Scored(EvaluationReport evaluation, TestOutcomes testOutcomes) {}

  public SweepCell {
    if (arm == null) {
      arm = Arm.of(norm);
    }
  }

  /**
   * The arms this cell reports: itself, and for a BN cell with recomputed statistics also
   * {@link Arm#BN_RECOMPUTED}, which shares its seed, settings and training curves.
   */
  public List<SweepCell> arms() {
    List<SweepCell> arms = new ArrayList<>(List.of(this));
    if (recomputed != null) {
      arms.add(new SweepCell(norm, Arm.BN_RECOMPUTED, batchSize, workers, seed, learningRate, run, metrics,
          recomputed.evaluation(), recomputed.testOutcomes(), null));
    }
    return arms;
  }

  /**
   * The cell's directory name, such as {@code bln-b25-w2-s1}, or {@code bln-b25-w2-s1-lr0.002} in a
   * sweep over several learning rates.
   */
  static String name(TrainSettings settings, boolean withLearningRate) {
    return settings.normalization().name().toLowerCase(Locale.ROOT) + "-b" + settings.trainer().batchSizePerWorker()
        + "-w" + settings.trainer().workers() + "-s" + settings.seed()
        + (withLearningRate ? "-lr" + plain(settings.builtIn().learningRate()) : "");
  }

  /** A learning rate as people write it, {@code 0.0005} rather than Java's {@code 5.0E-4}. */
  public static String plain(double rate) {
    return BigDecimal.valueOf(rate).stripTrailingZeros().toPlainString();
  }
}
