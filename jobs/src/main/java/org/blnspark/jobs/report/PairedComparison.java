package org.blnspark.jobs.report;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.blnspark.jobs.run.TestOutcomes;

/**
 * Two trained networks compared on the same test examples: within-seed detail, since resampling
 * the examples of one pair of networks says whether these two networks differ, not whether one
 * norm beats another (that is {@link NormComparison}, over seeds).
 *
 * <ul>
 *   <li>{@code difference}: the first's test accuracy minus the second's;
 *   <li>{@code ci95Low}, {@code ci95High}: a 95% paired bootstrap interval of that difference,
 *       resampling the test examples {@value #REPLICATES} times, with a fixed seed so that a report
 *       is reproducible;
 *   <li>{@code onlyFirstRight}, {@code onlySecondRight}: the discordant pairs;
 *   <li>{@code pValue}: McNemar's exact test on those counts (two-sided binomial test of the
 *       discordant pairs against 1/2).
 * </ul>
 */
record PairedComparison(double difference, double ci95Low, double ci95High, long onlyFirstRight,
                        long onlySecondRight, double pValue) {
  static final int REPLICATES = 2000;
  static final long BOOTSTRAP_SEED = 20221018;

  static PairedComparison of(TestOutcomes first, TestOutcomes second) {
    int n = first.examples();
    if (second.examples() != n) {
      throw new IllegalArgumentException("the models were not tested on the same examples");
    }
    // diff[i] = 1 when only the first model got example i right, -1 when only the second did.
    int[] diff = new int[n];
    long onlyFirst = 0;
    long onlySecond = 0;
    for (int i = 0; i < n; i++) {
      diff[i] = (first.correct(i) ? 1 : 0) - (second.correct(i) ? 1 : 0);
      onlyFirst += diff[i] > 0 ? 1 : 0;
      onlySecond += diff[i] < 0 ? 1 : 0;
    }
    double difference = (onlyFirst - onlySecond) / (double) n;

    RandomGenerator random = new Well19937c(BOOTSTRAP_SEED);
    double[] replicates = new double[REPLICATES];
    for (int r = 0; r < REPLICATES; r++) {
      long sum = 0;
      for (int k = 0; k < n; k++) {
        sum += diff[random.nextInt(n)];
      }
      replicates[r] = sum / (double) n;
    }
    Percentile percentile = new Percentile();
    return new PairedComparison(difference, percentile.evaluate(replicates, 2.5),
        percentile.evaluate(replicates, 97.5), onlyFirst, onlySecond, mcNemar(onlyFirst, onlySecond));
  }

  /** McNemar's exact two-sided p-value of {@code b} and {@code c} discordant pairs. */
  static double mcNemar(long b, long c) {
    if (b + c == 0) {
      return 1;
    }
    BinomialDistribution discordant = new BinomialDistribution(null, Math.toIntExact(b + c), 0.5);
    return Math.min(1, 2 * discordant.cumulativeProbability(Math.toIntExact(Math.min(b, c))));
  }
}
