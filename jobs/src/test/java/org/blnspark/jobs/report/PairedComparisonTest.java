package org.blnspark.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.blnspark.jobs.run.TestOutcomes;
import org.junit.jupiter.api.Test;

class PairedComparisonTest {
  @Test
  void mcNemarsExactTestOfAKnownTable() {
    // 10 pairs where only the first is right, 2 where only the second is: under H0 each discordant
    // pair goes either way with probability 1/2, so p = 2·P(X <= 2 | n = 12) = 2·(1 + 12 + 66) / 4096.
    assertThat(PairedComparison.mcNemar(10, 2)).isEqualTo(158.0 / 4096);
    assertThat(PairedComparison.mcNemar(2, 10)).isEqualTo(158.0 / 4096);
    assertThat(PairedComparison.mcNemar(5, 5)).isEqualTo(1.0);
    assertThat(PairedComparison.mcNemar(0, 0)).isEqualTo(1.0);
    // n = 6 all one way: 2 · (1/2)^6.
    assertThat(PairedComparison.mcNemar(6, 0)).isEqualTo(2.0 / 64);
  }

  @Test
  void theCountsAndTheDifferenceOfATable() {
    // 20 examples: both right on 1-8, only the first on 9-12, only the second on 13, both wrong after.
    TestOutcomes first = new TestOutcomes("11111111" + "1111" + "0" + "0000000");
    TestOutcomes second = new TestOutcomes("11111111" + "0000" + "1" + "0000000");
    PairedComparison c = PairedComparison.of(first, second);
    assertThat(c.onlyFirstRight()).isEqualTo(4);
    assertThat(c.onlySecondRight()).isEqualTo(1);
    assertThat(c.difference()).isEqualTo((12 - 9) / 20.0);
    assertThat(c.pValue()).isEqualTo(2 * (1.0 + 5) / 32);
    assertThat(c.ci95Low()).isLessThanOrEqualTo(c.difference());
    assertThat(c.ci95High()).isGreaterThanOrEqualTo(c.difference());
  }

  @Test
  void identicalModelsDifferByNothingAndAlwaysRightAgainstAlwaysWrongByOne() {
    TestOutcomes some = new TestOutcomes("1011001110");
    PairedComparison same = PairedComparison.of(some, some);
    assertThat(same.difference()).isZero();
    assertThat(same.ci95Low()).isZero();
    assertThat(same.ci95High()).isZero();
    assertThat(same.pValue()).isEqualTo(1.0);

    PairedComparison apart = PairedComparison.of(new TestOutcomes("1111111111"),
        new TestOutcomes("0000000000"));
    assertThat(apart.difference()).isEqualTo(1.0);
    assertThat(apart.ci95Low()).isEqualTo(1.0);
  }

  @Test
  void theBootstrapIntervalIsReproducibleAndNearTheNormalApproximation() {
    // 1,000 examples, 15% only the first right, 10% only the second: the mean difference 0.05 has
    // variance (0.15 + 0.10 − 0.05²) / 1000, so a 95% interval of about ±1.96 · 0.01573 = ±0.0308.
    StringBuilder a = new StringBuilder();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      int k = (i * 37) % 100; // a fixed scatter of the kinds over the examples
      a.append(k < 15 || k >= 25 && k < 75 ? '1' : '0');
      b.append(k >= 15 && k < 25 || k >= 25 && k < 75 ? '1' : '0');
    }
    PairedComparison c = PairedComparison.of(new TestOutcomes(a.toString()),
        new TestOutcomes(b.toString()));
    assertThat(c.difference()).isCloseTo(0.05, within(1e-12));
    double halfWidth = 1.96 * Math.sqrt((0.15 + 0.10 - 0.05 * 0.05) / 1000);
    assertThat(c.ci95Low()).isCloseTo(0.05 - halfWidth, within(0.005));
    assertThat(c.ci95High()).isCloseTo(0.05 + halfWidth, within(0.005));
    PairedComparison again = PairedComparison.of(new TestOutcomes(a.toString()),
        new TestOutcomes(b.toString()));
    assertThat(again).isEqualTo(c);
  }
}
