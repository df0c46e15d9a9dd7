package org.blnspark.jobs.report;

import java.util.List;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.blnspark.jobs.run.TestOutcomes;

/**
 * Two models compared on the same test examples, once or over several seeds (one pair of models
 * per seed, all on the same examples).
 *
 * <ul>
 *   <li>{@code difference}: the first's test accuracy minus the second's, averaged over the seeds;
 *   <li>{@code ci95Low}, {@code ci95High}: a 95% paired bootstrap interval of that difference,
 *       resampling the test examples (the same draw for every seed) {@value #REPLICATES} times, with
 *       a fixed seed so that a report is reproducible;
 *   <li>{@code onlyFirstRight}, {@code onlySecondRight}: the discordant pairs, summed over seeds;
 *   <li>{@code pValue}: McNemar's exact test on those counts (two-sided binomial test of the
 *       discordant pairs against 1/2). Summing the counts over seeds is the matched-pairs
 *       Mantel–Haenszel test for strata of equal odds.
 * </ul>
 */
record PairedComparison(int seeds, double difference, double ci95Low, double ci95High, long onlyFirstRight,
                        long onlySecondRight, double pValue) {
  static final int REPLICATES = 2000;
  static final long BOOTSTRAP_SEED = 20221018;

  /** {@code first.get(s)} and {@code second.get(s)} are the two models of seed s. */
  static PairedComparison of(List<TestOutcomes> first, List<TestOutcomes> second) {
    if (first.isEmpty() || first.size() != second.size()) {
      throw new IllegalArgumentException("a pair of models per seed is needed");
    }
    int n = first.get(0).examples();
    int seeds = first.size();
    // diff[s][i] = 1 when only the first model got example i right, -1 when only the second did.
    int[][] diff = new int[seeds][n];
    long onlyFirst = 0;
    long onlySecond = 0;
    for (int s = 0; s < seeds; s++) {
      if (first.get(s).examples() != n || second.get(s).examples() != n) {
        throw new IllegalArgumentException("the models were not tested on the same examples");
      }
      for (int i = 0; i < n; i++) {
        diff[s][i] = (first.get(s).correct(i) ? 1 : 0) - (second.get(s).correct(i) ? 1 : 0);
        onlyFirst += diff[s][i] > 0 ? 1 : 0;
        onlySecond += diff[s][i] < 0 ? 1 : 0;
      }
    }
    double difference = (onlyFirst - onlySecond) / (double) (n * seeds);

    RandomGenerator random = new Well19937c(BOOTSTRAP_SEED);
    double[] replicates = new double[REPLICATES];
    for (int r = 0; r < REPLICATES; r++) {
      long sum = 0;
      for (int k = 0; k < n; k++) {
        int i = random.nextInt(n);
        for (int s = 0; s < seeds; s++) {
          sum += diff[s][i];
        }
      }
      replicates[r] = sum / (double) (n * seeds);
    }
    Percentile percentile = new Percentile();
    return new PairedComparison(seeds, difference, percentile.evaluate(replicates, 2.5),
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

  /** True when the interval leaves out zero: the data supports a difference in that direction. */
  boolean significant() {
    return ci95Low > 0 || ci95High < 0;
  }
}
