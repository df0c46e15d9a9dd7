package org.blnspark.model.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.schedule.ISchedule;

class LearningRateScheduleTest {
  private static final double INITIAL = 0.01;

  @Test
  void aStepScheduleHalvesTheRateEveryTwoEpochs() {
    ISchedule step = LearningRateSchedule.parse("step:0.5:2", 10).dl4j(INITIAL);
    assertThat(rates(step, 6)).containsExactly(new double[] {0.01, 0.01, 0.005, 0.005, 0.0025, 0.0025},
        within(1e-12));
  }

  @Test
  void anExponentialScheduleMultipliesTheRateEachEpoch() {
    ISchedule exponential = LearningRateSchedule.parse("exponential:0.9", 10).dl4j(INITIAL);
    assertThat(rates(exponential, 4)).containsExactly(new double[] {0.01, 0.009, 0.0081, 0.00729}, within(1e-12));
  }

  @Test
  void aCosineScheduleFallsFromTheInitialRateToItsFloorOverTheRun() {
    ISchedule cosine = LearningRateSchedule.parse("cosine:0.001", 4).dl4j(INITIAL);
    // floor + (initial − floor)·(1 + cos(π·e/4))/2 for e = 0..3
    double[] expected = {0.01, 0.001 + 0.009 * (1 + Math.sqrt(0.5)) / 2, 0.0055, 0.001 + 0.009 * (1 - Math.sqrt(0.5)) / 2};
    assertThat(rates(cosine, 4)).containsExactly(expected, within(1e-12));
    assertThat(rates(cosine, 4)).isSortedAccordingTo((a, b) -> Double.compare(b, a));
  }

  @Test
  void aConstantRateNeedsNoSchedule() {
    assertThat(LearningRateSchedule.parse("constant", 3).dl4j(INITIAL)).isNull();
  }

  @Test
  void malformedSchedulesAreRefusedNamingTheChoices() {
    for (String bad : new String[] {"step:0.5", "exponential", "cosine:a", "linear", "step:-1:2", "constant:1"}) {
      assertThatThrownBy(() -> LearningRateSchedule.parse(bad, 5)).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> LearningRateSchedule.parse("linear", 5)).hasMessageContaining("step:FACTOR:EVERY");
  }

  private static double[] rates(ISchedule schedule, int epochs) {
    double[] rates = new double[epochs];
    for (int epoch = 0; epoch < epochs; epoch++) {
      rates[epoch] = schedule.valueAt(1000 * epoch, epoch);
    }
    return rates;
  }
}
