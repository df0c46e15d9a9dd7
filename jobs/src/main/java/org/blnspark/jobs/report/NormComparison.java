package org.blnspark.jobs.report;

import java.util.List;

/**
 * One norm against another at the same batch size and workers, over the seeds both trained: the
 * mean of the per-seed differences in test accuracy (first minus second) with its 95% t-interval,
 * the exact sign-flip p-value, and that p-value after Holm's correction across every comparison on
 * the page.
 */
record NormComparison(SweepSummary.Setting first, SweepSummary.Setting second, SeedInference.Interval difference,
                      double pValue, double holmPValue) {
  /** True when the difference holds after Holm's correction at {@link SeedInference#ALPHA}. */
  boolean supported() {
    return holmPValue < SeedInference.ALPHA;
  }

  /** Which differences hold after Holm's correction, said in words. */
  static String verdict(List<NormComparison> comparisons) {
    int m = comparisons.size();
    List<String> held = comparisons.stream().filter(NormComparison::supported).map(c -> {
      boolean firstAbove = c.difference().mean() > 0;
      return String.format("%s above %s at batch size %d, %s (%+.3f%s, Holm %s)",
          firstAbove ? c.first().arm() : c.second().arm(), firstAbove ? c.second().arm() : c.first().arm(),
          c.first().batchSize(), SweepCharts.workersLabel(c.first().workers()), c.difference().mean(),
          c.difference().bracket("%+.3f"), SweepPage.pValue(c.holmPValue()));
    }).toList();
    String family = "After Holm's correction across the " + m + (m == 1 ? " comparison" : " comparisons")
        + " on this page, ";
    if (!held.isEmpty()) {
      int rest = m - held.size();
      return family + "the data supports " + String.join("; ", held) + ". "
          + (rest == 0 ? "Every difference is supported." : rest == 1 ? "The other difference is not supported."
          : "The other " + rest + " differences are not supported.");
    }
    int fewest = comparisons.stream().mapToInt(c -> c.difference().n()).min().orElse(0);
    String none = family + "no difference between two norms is supported at the 5% level.";
    // The smallest p an exact sign-flip test of n seeds can give is 2 / 2^n, when every seed agrees.
    if (m * 2.0 / (1L << fewest) < SeedInference.ALPHA) {
      return none;
    }
    return none + " With " + fewest + (fewest == 1 ? " seed" : " seeds") + " the sign-flip test cannot give a "
        + "p-value below " + String.format("%.2g", 2.0 / (1L << fewest)) + ", even when every seed agrees: one "
        + "comparison alone needs " + seedsFor(1) + " seeds to reach 0.05, and " + m + " under Holm's correction "
        + "need " + seedsFor(m) + ".";
  }

  /** The fewest seeds whose smallest sign-flip p-value, times {@code m}, is below the level. */
  private static int seedsFor(int m) {
    int n = 1;
    while (m * 2.0 / (1L << n) >= SeedInference.ALPHA) {
      n++;
    }
    return n;
  }
}
