package org.blnspark.jobs;

import java.util.List;
import org.blnspark.model.Normalization;

/**
 * One point of the batch-size study and what it measured.
 *
 * @param metrics per-epoch training curves
 * @param evaluation the configuration chosen on validation and its test score
 */
record SweepCell(String norm, int batchSize, int workers, long seed, List<EpochMetrics> metrics,
                 EvaluationRun.Report evaluation) {
  static String name(Normalization norm, int batchSize, int workers, long seed) {
    return norm.name().toLowerCase() + "-b" + batchSize + "-w" + workers + "-s" + seed;
  }
}
