package org.blnspark.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.blnspark.model.statistics.PopulationEstimator;
import org.junit.jupiter.api.Test;

class TrainerSettingsTest {
  @Test
  void eachWitherChangesItsSettingAlone() {
    TrainerSettings defaults = TrainerSettings.defaults();
    assertThat(defaults).isEqualTo(new TrainerSettings(25, 5, 0, TrainerSettings.DEFAULT_SEED,
        PopulationEstimator.POOLED, false, false, 0));
    assertThat(defaults.withBatchSizePerWorker(7)).isEqualTo(new TrainerSettings(7, 5, 0, defaults.seed(),
        PopulationEstimator.POOLED, false, false, 0));
    TrainerSettings all = defaults.withBatchSizePerWorker(3).withAveragingFrequency(2).withWorkers(4).withSeed(9)
        .withEstimator(PopulationEstimator.EPOCH_AVERAGE).withStatisticsEveryEpoch(true).withCollectTimings(true)
        .withStatisticsExamples(100);
    assertThat(all).isEqualTo(new TrainerSettings(3, 2, 4, 9, PopulationEstimator.EPOCH_AVERAGE, true, true, 100));
    assertThat(defaults.batchSizePerWorker()).as("the original is unchanged").isEqualTo(25);
  }

  @Test
  void aWitherChecksItsValue() {
    assertThatThrownBy(() -> TrainerSettings.defaults().withAveragingFrequency(0))
        .hasMessageContaining("averaging frequency");
    assertThatThrownBy(() -> TrainerSettings.defaults().withWorkers(-1)).hasMessageContaining("workers");
  }
}
