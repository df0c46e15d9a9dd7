package org.blnspark.jobs.report;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * Inference over training seeds, the unit that varies between runs of the study: a mean with its
 * 95% t-interval, the exact sign-flip permutation test of paired differences, and Holm's
 * correction for the comparisons of one page. Tests over test examples resample within one seed's
 * trained networks and so cannot say whether one norm beats another; these can.
 */
final class SeedInference {
  /** The level of every interval and of "supported" on a page. */
  static final double ALPHA = 0.05;
  /** 2^30 sign assignments take seconds; a sweep has a handful of seeds. */
  static final int MAX_SEEDS = 30;

  /**
   * A mean over seeds with its two-sided 95% t-interval; the bounds are NaN for a single seed,
   * whose spread is unknown.
   */
  record Interval(int n, double mean, double low, double high) {
    /** " [low, high]" with each bound in {@code format}, or nothing for a single seed, whose spread is unknown. */
    String bracket(String format) {
      return Double.isNaN(low) ? "" : String.format(" [" + format + ", " + format + "]", low, high);
    }
  }

  private SeedInference() {}

  /** The mean of {@code values} and its 95% t-interval, mean ± t(0.975, n − 1) · sd / √n. */
  static Interval tInterval(double[] values) {
    SummaryStatistics stats = new SummaryStatistics();
    Arrays.stream(values).forEach(stats::addValue);
    int n = values.length;
    if (n < 2) {
      return new Interval(n, n == 1 ? values[0] : Double.NaN, Double.NaN, Double.NaN);
    }
    double half = new TDistribution(null, n - 1).inverseCumulativeProbability(1 - ALPHA / 2)
        * stats.getStandardDeviation() / Math.sqrt(n);
    return new Interval(n, stats.getMean(), stats.getMean() - half, stats.getMean() + half);
  }

  /**
   * The exact two-sided sign-flip permutation p-value of paired differences: under the null
   * hypothesis that the two norms are exchangeable within a seed, each difference's sign is a fair
   * coin, so all 2^n sign assignments are equally likely; the p-value is the share of them whose
   * |sum| is at least the observed one. The smallest it can be is 2 / 2^n.
   */
  static double signFlipPValue(double[] differences) {
    int n = differences.length;
    if (n == 0) {
      return Double.NaN;
    }
    if (n > MAX_SEEDS) {
      throw new IllegalArgumentException("the exact sign-flip test enumerates 2^n assignments; " + n + " seeds are "
          + "more than " + MAX_SEEDS);
    }
    double observed = Math.abs(Arrays.stream(differences).sum());
    // Sums that equal the observed one in exact arithmetic may differ in the last bits.
    double tolerance = 1e-12 * Arrays.stream(differences).map(Math::abs).sum();
    long atLeast = 0;
    for (long signs = 0; signs < 1L << n; signs++) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += (signs >> i & 1) == 0 ? differences[i] : -differences[i];
      }
      if (Math.abs(sum) >= observed - tolerance) {
        atLeast++;
      }
    }
    return atLeast / (double) (1L << n);
  }

  /**
   * Holm's step-down adjustment of {@code p}, in the same order: the i-th smallest becomes the
   * largest of min(1, (m − j + 1) · p_(j)) over j ≤ i. An adjusted p-value below α rejects with the
   * family-wise error rate held at α across all m tests.
   */
  static double[] holm(double[] p) {
    int m = p.length;
    Integer[] order = IntStream.range(0, m).boxed().sorted(Comparator.comparingDouble(i -> p[i]))
        .toArray(Integer[]::new);
    double[] adjusted = new double[m];
    double running = 0;
    for (int rank = 0; rank < m; rank++) {
      running = Math.max(running, Math.min(1, (m - rank) * p[order[rank]]));
      adjusted[order[rank]] = running;
    }
    return adjusted;
  }
}
