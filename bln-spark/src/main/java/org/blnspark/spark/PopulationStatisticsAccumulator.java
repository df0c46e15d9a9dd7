package org.blnspark.spark;

import org.apache.spark.util.AccumulatorV2;
import org.blnspark.model.statistics.PopulationStatistics;

/**
 * Sums partial population statistics from tasks. Spark applies an action's accumulator updates
 * once per successful task, so a retried task's partial work is never counted twice; the merge is
 * {@link PopulationStatistics#merge}, which is Chan's for the moments.
 */
public final class PopulationStatisticsAccumulator extends AccumulatorV2<PopulationStatistics, PopulationStatistics> {
  private static final long serialVersionUID = 1L;

  private PopulationStatistics statistics = new PopulationStatistics();

  @Override
  public boolean isZero() {
    return statistics.isEmpty();
  }

  @Override
  public PopulationStatisticsAccumulator copy() {
    PopulationStatisticsAccumulator copy = new PopulationStatisticsAccumulator();
    copy.statistics.merge(statistics);
    return copy;
  }

  @Override
  public void reset() {
    statistics = new PopulationStatistics();
  }

  @Override
  public void add(PopulationStatistics partial) {
    statistics.merge(partial);
  }

  @Override
  public void merge(AccumulatorV2<PopulationStatistics, PopulationStatistics> other) {
    statistics.merge(other.value());
  }

  @Override
  public PopulationStatistics value() {
    return statistics;
  }
}
