package org.blnspark.jobs.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.blnspark.jobs.run.SweepCell;
import org.blnspark.model.zoo.Normalization;

/** Test accuracy over seeds for each setting of a sweep, in the order the cells came. */
final class SweepSummary {
  /** One row of the summary: the cells that differ only in their seed. */
  record Setting(Normalization norm, int batchSize, int workers) {}

  private final Map<Setting, SummaryStatistics> bySetting = new LinkedHashMap<>();

  SweepSummary(List<SweepCell> cells) {
    for (SweepCell cell : cells) {
      bySetting.computeIfAbsent(new Setting(cell.norm(), cell.batchSize(), cell.workers()),
          k -> new SummaryStatistics()).addValue(cell.evaluation().testAccuracy());
    }
  }

  Map<Setting, SummaryStatistics> bySetting() {
    return Collections.unmodifiableMap(bySetting);
  }
}
