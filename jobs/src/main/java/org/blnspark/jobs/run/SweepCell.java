package org.blnspark.jobs.run;

import java.util.List;
import java.util.Locale;
import org.blnspark.model.zoo.Normalization;

/**
 * One point of the batch-size study and what it measured.
 *
 * @param run every setting that shaped the result, so that a rerun with other settings does not
 *     take this cell for its own
 * @param metrics per-epoch training curves
 * @param evaluation the configuration chosen on validation and its test score
 * @param testOutcomes which test examples the chosen configuration classified correctly, for paired
 *     comparisons; null in cells of earlier versions
 */
public record SweepCell(Normalization norm, int batchSize, int workers, long seed, RunIdentity run,
                        List<EpochMetrics> metrics, EvaluationReport evaluation, TestOutcomes testOutcomes) {
  /** The cell's directory name, such as {@code bln-b25-w2-s1}. */
  static String name(TrainSettings settings) {
    return settings.normalization().name().toLowerCase(Locale.ROOT) + "-b" + settings.trainer().batchSizePerWorker()
        + "-w" + settings.trainer().workers() + "-s" + settings.seed();
  }
}
