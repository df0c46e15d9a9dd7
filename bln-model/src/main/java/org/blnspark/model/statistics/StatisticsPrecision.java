package org.blnspark.model.statistics;

import java.util.Arrays;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/**
 * How precisely a statistics pass estimated one BLN layer's population batch statistics
 * ({@link LayerStatistics#precision}), summarised over the layer's statistics: a mean's standard
 * error in units of its standard deviation, a variance's as a fraction of it. A mean error of
 * 0.01 moves the layer's normalised output by about 0.01; a variance error of 0.02 scales it by
 * about 1%. The errors are null where the pass had fewer than 2 mini-batches to compare.
 *
 * @param examples the examples the pass observed
 * @param batches the mini-batches with at least 2 values of a statistic
 * @param meanErrorMedian median over the layer's batch statistics of the mean's relative error
 * @param meanErrorMax largest of them
 * @param varianceErrorMedian median of the variance's relative error
 * @param varianceErrorMax largest of them
 */
public record StatisticsPrecision(long examples, long batches, Double meanErrorMedian, Double meanErrorMax,
                                  Double varianceErrorMedian, Double varianceErrorMax) {
  static StatisticsPrecision of(long examples, long batches, double[] meanErrors, double[] varianceErrors) {
    DescriptiveStatistics mean = finite(meanErrors);
    DescriptiveStatistics variance = finite(varianceErrors);
    return new StatisticsPrecision(examples, batches, median(mean), max(mean), median(variance), max(variance));
  }

  private static DescriptiveStatistics finite(double[] values) {
    return new DescriptiveStatistics(Arrays.stream(values).filter(Double::isFinite).toArray());
  }

  private static Double median(DescriptiveStatistics values) {
    return values.getN() == 0 ? null : values.getPercentile(50);
  }

  private static Double max(DescriptiveStatistics values) {
    return values.getN() == 0 ? null : values.getMax();
  }
}
