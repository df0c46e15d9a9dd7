package org.blnspark.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.blnspark.model.BatchLayerNormalization;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.StatisticsAxes;
import org.blnspark.model.TokenPadding;
import org.blnspark.model.zoo.LearningRateSchedule;
import org.blnspark.model.zoo.ModelSettings;
import org.blnspark.model.zoo.Normalization;
import org.blnspark.model.zoo.PaperModels;
import org.deeplearning4j.nn.layers.feedforward.embedding.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.layers.recurrent.LastTimeStepLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What DL4J M2 computes under the jobs' padding mask, which the masked ONNX export reproduces,
 * checked on DL4J itself after a few steps of masked training: the tokens at padded steps never
 * reach a row's probabilities, but the number of padded steps does.
 */
class PaddingInvarianceTest {
  private static final int STEPS = TextModelExportTest.STEPS;
  private static final int EXTRA = 4;

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"BLN, REFERENCE", "BLN, CONVENTIONAL", "NONE, REFERENCE"})
  void aRowsProbabilitiesDoNotDependOnWhatItsPaddedStepsHold(Normalization norm, StatisticsAxes axes) {
    MultiLayerNetwork net = TextModelExportTest.trained(norm, axes, true);
    float[][] rows = TextModelExportTest.Rows.random(64, 0, new Random(6)).tokens();
    float[][] masks = Arrays.stream(rows).map(TokenPadding::mask).toArray(float[][]::new);
    Random random = new Random(7);
    float[][] garbage = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      garbage[i] = rows[i].clone();
      for (int t = 0; t < STEPS; t++) {
        if (masks[i][t] == 0) {
          garbage[i][t] = 1 + random.nextInt(TextModelExportTest.VOCABULARY - 1);
        }
      }
    }
    for (StatisticSources inference : StatisticSources.batchIndependentOnes()) {
      float[][] expected = Conformance.dl4j(net, inference, rows, masks);
      float[][] actual = Conformance.dl4j(net, inference, garbage, masks);
      assertThat(largestDifference(actual, expected)).as("under %s", inference).isLessThanOrEqualTo(1e-6);
    }
  }

  /**
   * Which layers DL4J M2 gives the features mask to, as the export reproduces it: the embedding,
   * BLN and the last-step wrapper (which passes it to its LSTM) get it; a plain LSTM layer does not
   * ({@code LSTM.feedForwardMaskArray} passes it on without keeping it), so it runs through the
   * padded steps.
   */
  @Test
  void aPlainLstmGetsNoMaskAndTheLastStepLstmDoes() {
    MultiLayerNetwork net = TextModelExportTest.trained(Normalization.BLN, StatisticsAxes.REFERENCE, true);
    float[][] rows = TextModelExportTest.Rows.random(4, 0, new Random(6)).tokens();
    net.setLayerMaskArrays(Nd4j.create(Arrays.stream(rows).map(TokenPadding::mask).toArray(float[][]::new)), null);
    try {
      assertThat(net.getLayer(0)).isInstanceOf(EmbeddingSequenceLayer.class);
      assertThat(net.getLayer(0).getMaskArray()).isNotNull();
      assertThat(net.getLayer(1)).isInstanceOf(LSTM.class);
      assertThat(net.getLayer(1).getMaskArray()).as("the first LSTM's mask").isNull();
      assertThat(net.getLayer(2).getMaskArray()).as("BLN's mask").isNotNull();
      assertThat(net.getLayer(3)).isInstanceOf(LastTimeStepLayer.class);
      assertThat(((LastTimeStepLayer) net.getLayer(3)).getUnderlying().getMaskArray()).as("the wrapped LSTM's mask")
          .isNotNull();
    } finally {
      net.clearLayerMaskArrays();
    }
  }

  /**
   * The consequence, measured: the same parameters in a network of T + 4 steps, given each row
   * behind 4 more padding steps, give other probabilities, because the first LSTM's state moves
   * through the extra steps (its input there is 0, its bias is not). Without BLN, whose population
   * statistics are per step, the two networks have the same parameters. Measured on DL4J M2 after
   * 8 masked training steps: up to 0.05. A row's probabilities under the mask thus depend on how
   * much padding precedes it, unlike a masked Keras LSTM's; this test fails if DL4J starts masking
   * the LSTM, and the export (TextModelExportTest) would have to follow.
   */
  @Test
  void extraPaddingChangesARowsProbabilitiesThroughTheFirstLstm() {
    MultiLayerNetwork net = TextModelExportTest.trained(Normalization.NONE, StatisticsAxes.REFERENCE, true);
    MultiLayerNetwork longer = new MultiLayerNetwork(PaperModels.textClassifier(new ModelSettings(Normalization.NONE,
        StatisticsAxes.REFERENCE, BatchLayerNormalization.DEFAULT_EPS, 2, 11, 0.01, LearningRateSchedule.CONSTANT, 8,
        0, ModelSettings.REFERENCE_BN_DECAY), TextModelExportTest.VOCABULARY, 8, STEPS + EXTRA));
    longer.init();
    longer.setParams(net.params().dup());
    float[][] rows = TextModelExportTest.Rows.random(64, 0, new Random(6)).tokens();
    float[][] padded = new float[rows.length][STEPS + EXTRA];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, padded[i], EXTRA, STEPS);
    }
    float[][] expected = Conformance.dl4j(net, StatisticSources.REFERENCE_DEFAULT, rows, true);
    float[][] actual = Conformance.dl4j(longer, StatisticSources.REFERENCE_DEFAULT, padded, true);
    double difference = largestDifference(actual, expected);
    System.out.printf("largest probability change from %d more padding steps: %.4g%n", EXTRA, difference);
    assertThat(difference).isGreaterThan(1e-3);
  }

  private static double largestDifference(float[][] actual, float[][] expected) {
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      for (int c = 0; c < expected[i].length; c++) {
        worst = Math.max(worst, Math.abs(actual[i][c] - expected[i][c]));
      }
    }
    return worst;
  }
}
