package org.blnspark.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seed-level inference against values worked out by hand, from t tables, or by another enumeration. */
class SeedInferenceTest {
  @Test
  void theTIntervalOfKnownValuesUsesTheTablesQuantile() {
    // 0.1, 0.2, 0.3, 0.4: mean 0.25, sd √(0.05 / 3); t(0.975, 3) = 3.182446 from the tables.
    SeedInference.Interval four = SeedInference.tInterval(new double[] {0.1, 0.2, 0.3, 0.4});
    double half = 3.182446 * Math.sqrt(0.05 / 3) / 2;
    assertThat(four.n()).isEqualTo(4);
    assertThat(four.mean()).isCloseTo(0.25, within(1e-12));
    assertThat(four.low()).isCloseTo(0.25 - half, within(1e-6));
    assertThat(four.high()).isCloseTo(0.25 + half, within(1e-6));
    // Two seeds: t(0.975, 1) = 12.7062, sd of {1, 3} is √2, so the half width is 12.7062 · √2 / √2.
    SeedInference.Interval two = SeedInference.tInterval(new double[] {1, 3});
    assertThat(two.low()).isCloseTo(2 - 12.7062, within(1e-4));
    assertThat(two.high()).isCloseTo(2 + 12.7062, within(1e-4));
    // One seed has a mean and no spread.
    SeedInference.Interval one = SeedInference.tInterval(new double[] {0.7});
    assertThat(one.mean()).isEqualTo(0.7);
    assertThat(one.low()).isNaN();
  }

  @Test
  void theSignFlipPValueCountsTheAssignmentsAtLeastAsExtreme() {
    // ±0.1 ± 0.2 ± 0.3 takes |sum| 0.6 twice, 0.4 twice, 0.2 twice and 0 twice.
    assertThat(SeedInference.signFlipPValue(new double[] {0.1, 0.2, 0.3})).isEqualTo(2 / 8.0);
    assertThat(SeedInference.signFlipPValue(new double[] {0.1, -0.2, 0.3})).isEqualTo(6 / 8.0);
    assertThat(SeedInference.signFlipPValue(new double[] {0.3, 0.2, 0.1})).isEqualTo(2 / 8.0);
    // Six seeds that all agree: the smallest p six seeds can give, 2 / 64.
    assertThat(SeedInference.signFlipPValue(new double[] {0.1, 0.1, 0.1, 0.1, 0.1, 0.1})).isEqualTo(2 / 64.0);
    assertThat(SeedInference.signFlipPValue(new double[] {0, 0, 0})).isEqualTo(1.0);
    assertThat(SeedInference.signFlipPValue(new double[] {0.05})).isEqualTo(1.0);
  }

  @Test
  void theSignFlipPValueMatchesARecursiveEnumeration() {
    Random random = new Random(11);
    for (int trial = 0; trial < 20; trial++) {
      double[] d = new double[1 + random.nextInt(10)];
      for (int i = 0; i < d.length; i++) {
        // Multiples of 1/1000, as accuracies on 1,000 test examples are, so that ties are real.
        d[i] = (random.nextInt(201) - 80) / 1000.0;
      }
      long observed = Math.abs(Math.round(java.util.Arrays.stream(d).sum() * 1000));
      long atLeast = count(d, 0, 0, observed);
      assertThat(SeedInference.signFlipPValue(d)).as(java.util.Arrays.toString(d))
          .isEqualTo(atLeast / (double) (1L << d.length));
    }
  }

  /** Sign assignments of d[i..] that, added to {@code sum} (in thousandths), reach |total| ≥ observed. */
  private static long count(double[] d, int i, long sum, long observed) {
    if (i == d.length) {
      return Math.abs(sum) >= observed ? 1 : 0;
    }
    long value = Math.round(d[i] * 1000);
    return count(d, i + 1, sum + value, observed) + count(d, i + 1, sum - value, observed);
  }

  @Test
  void holmAdjustsInTheOrderGiven() {
    // Sorted: 0.005 × 4 = 0.02, 0.01 × 3 = 0.03, 0.03 × 2 = 0.06, 0.04 × 1 = 0.04, raised to 0.06.
    assertThat(SeedInference.holm(new double[] {0.01, 0.04, 0.03, 0.005}))
        .containsExactly(new double[] {0.03, 0.06, 0.06, 0.02}, within(1e-12));
    assertThat(SeedInference.holm(new double[] {0.5, 0.6})).containsExactly(1.0, 1.0);
    assertThat(SeedInference.holm(new double[] {0.2})).containsExactly(0.2);
    assertThat(SeedInference.holm(new double[0])).isEmpty();
  }
}
