package org.blnspark.spark.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.blnspark.model.StatisticsAxes;
import org.blnspark.model.statistics.PopulationEstimator;
import org.blnspark.model.zoo.Normalization;
import org.junit.jupiter.api.Test;

class BlnParamsTest {
  private static final String[] SHARED = {"batchSizePerWorker", "workers", "epochs", "averagingFrequency",
      "learningRate", "seed", "estimator", "axes", "normalization", "network", "validationFraction", "inference"};

  @Test
  void theEstimatorAndItsModelDeclareTheSameParamsEachWithItsOwnOwner() {
    BlnClassifier classifier = new BlnClassifier();
    BlnClassificationModel model = new BlnClassificationModel("m", null, 2, 3);
    for (String name : SHARED) {
      assertThat(classifier.hasParam(name)).as(name).isTrue();
      assertThat(model.hasParam(name)).as(name).isTrue();
      assertThat(model.getParam(name).parent()).isEqualTo("m");
      assertThat(classifier.getParam(name).parent()).isEqualTo(classifier.uid());
    }
    assertThat(Arrays.stream(model.params()).map(Param::name)).contains(SHARED);
  }

  @Test
  void theDefaultsAreSetOnceForBothAndTheTrainingValuesReachTheModel() {
    BlnClassifier classifier = new BlnClassifier().setEpochs(7).setLearningRate(0.02).setEstimator("epoch_average")
        .setAxes("conventional");
    BlnClassificationModel model = new BlnClassificationModel("m", null, 2, 3);
    assertThat(model.getEpochs()).as("the model's own default").isEqualTo(BlnParams.DEFAULT_EPOCHS);
    assertThat(model.getNormalization()).isEqualTo(Normalization.BLN);

    classifier.copyValues(model, ParamMap.empty());
    assertThat(model.getEpochs()).isEqualTo(7);
    assertThat(model.getLearningRate()).isEqualTo(0.02);
    assertThat(model.getEstimator()).isEqualTo(PopulationEstimator.EPOCH_AVERAGE);
    assertThat(model.getAxes()).isEqualTo(StatisticsAxes.CONVENTIONAL);
    assertThat(model.getBatchSizePerWorker()).isEqualTo(classifier.getBatchSizePerWorker());
    assertThat(model.isSet(model.inference())).isFalse();
  }

  @Test
  void theValidatorsAreShared() {
    assertThatThrownBy(() -> new BlnClassifier().setBatchSizePerWorker(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BlnClassificationModel("m", null, 2, 3).setInference("BBBB"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
