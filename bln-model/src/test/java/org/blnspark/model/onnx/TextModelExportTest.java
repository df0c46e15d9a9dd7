package org.blnspark.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.blnspark.model.BatchLayerNormalization;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.StatisticsAxes;
import org.blnspark.model.TokenPadding;
import org.blnspark.model.statistics.PopulationEstimator;
import org.blnspark.model.statistics.PopulationStatisticsCollector;
import org.blnspark.model.zoo.LearningRateSchedule;
import org.blnspark.model.zoo.ModelSettings;
import org.blnspark.model.zoo.Normalization;
import org.blnspark.model.zoo.PaperModels;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The text model (embedding, LSTM, BLN on sequences, last step, dense), trained with and without
 * the jobs' padding mask, exported and run on ONNX Runtime against DL4J on front-padded token rows
 * of every length, under every batch-independent configuration.
 */
class TextModelExportTest {
  static final int VOCABULARY = 60;
  static final int STEPS = 12;

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"BLN, REFERENCE", "BLN, CONVENTIONAL", "LN, REFERENCE", "NONE, REFERENCE"})
  void onnxRuntimeReproducesDl4j(Normalization norm, StatisticsAxes axes) throws Exception {
    check(trained(norm, axes, false), norm, Rows.random(64, 1, new Random(6)), false);
  }

  /**
   * Trained and scored with the jobs' padding mask, on rows of every length from 0 (all padding)
   * to T in each batch of 64.
   */
  @ParameterizedTest(name = "masked {0} {1}")
  @CsvSource({"BLN, REFERENCE", "BLN, CONVENTIONAL", "LN, REFERENCE", "NONE, REFERENCE"})
  void onnxRuntimeReproducesDl4jUnderThePaddingMask(Normalization norm, StatisticsAxes axes) throws Exception {
    check(trained(norm, axes, true), norm, Rows.random(64, 0, new Random(6)), true);
  }

  private void check(MultiLayerNetwork net, Normalization norm, Rows test, boolean masked) throws Exception {
    List<StatisticSources> configurations = norm == Normalization.BLN ? StatisticSources.batchIndependentOnes()
        : List.of(StatisticSources.REFERENCE_DEFAULT);
    for (StatisticSources inference : configurations) {
      double worst = Conformance.check(net, new OnnxExport.Options(inference, List.of("ham", "spam"), masked),
          test.tokens, dir);
      assertThat(worst).isLessThanOrEqualTo(Conformance.TOLERANCE);
    }
  }

  @Test
  void batchNormalizationOnSequencesIsRefusedByName() {
    MultiLayerNetwork net = trained(Normalization.BN, StatisticsAxes.REFERENCE, false);
    assertThatThrownBy(() -> OnnxExport.model(net, new OnnxExport.Options(StatisticSources.REFERENCE_DEFAULT,
        List.of()))).isInstanceOf(UnsupportedNetworkException.class)
        .hasMessageContaining("layer 'layer2' (BatchNormalization)").hasMessageContaining("RnnToFeedForward");
  }

  /** The text model after 8 steps of training, with or without the jobs' padding mask. */
  static MultiLayerNetwork trained(Normalization norm, StatisticsAxes axes, boolean masked) {
    ModelSettings settings = new ModelSettings(norm, axes, BatchLayerNormalization.DEFAULT_EPS, 2, 11, 0.01,
        LearningRateSchedule.CONSTANT, 8, 0, ModelSettings.REFERENCE_BN_DECAY);
    MultiLayerNetwork net = new MultiLayerNetwork(PaperModels.textClassifier(settings, VOCABULARY, 8, STEPS));
    net.init();
    List<DataSet> batches = Rows.random(100, 1, new Random(5)).dataSet(masked).batchBy(25);
    for (int epoch = 0; epoch < 2; epoch++) {
      batches.forEach(net::fit);
    }
    if (norm == Normalization.BLN) {
      PopulationStatisticsCollector.fill(net, new ListDataSetIterator<>(batches), PopulationEstimator.POOLED);
    }
    return net;
  }

  /**
   * Front-padded token rows (id 0 is padding) of lengths cycling from {@code shortest} to T,
   * labelled by whether their first token is even.
   */
  record Rows(float[][] tokens, int[] labels) {
    static Rows random(int n, int shortest, Random random) {
      float[][] tokens = new float[n][STEPS];
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        int length = shortest + i % (STEPS + 1 - shortest);
        for (int t = STEPS - length; t < STEPS; t++) {
          tokens[i][t] = 1 + random.nextInt(VOCABULARY - 1);
        }
        labels[i] = (int) tokens[i][Math.min(STEPS - 1, STEPS - length)] % 2;
      }
      return new Rows(tokens, labels);
    }

    /** The rows as one data set, with the jobs' padding mask when {@code masked}. */
    DataSet dataSet(boolean masked) {
      float[][] oneHot = new float[labels.length][2];
      for (int i = 0; i < labels.length; i++) {
        oneHot[i][labels[i]] = 1;
      }
      return new DataSet(Nd4j.create(tokens), Nd4j.create(oneHot), masked ? Nd4j.create(Arrays.stream(tokens)
          .map(TokenPadding::mask).toArray(float[][]::new)) : null, null);
    }
  }
}
