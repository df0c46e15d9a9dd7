package org.blnspark.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.blnspark.model.BatchLayerNormalization;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.StatisticsAxes;
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
 * The text model (embedding, LSTM, BLN on sequences, last step, dense), trained without masks,
 * exported and run on ONNX Runtime against DL4J on front-padded token rows of every length from 1
 * to T, under every batch-independent configuration.
 */
class TextModelExportTest {
  private static final int VOCABULARY = 60;
  private static final int STEPS = 12;

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"BLN, REFERENCE", "BLN, CONVENTIONAL", "LN, REFERENCE", "NONE, REFERENCE"})
  void onnxRuntimeReproducesDl4j(Normalization norm, StatisticsAxes axes) throws Exception {
    MultiLayerNetwork net = trained(norm, axes);
    Rows test = Rows.random(64, new Random(6));
    List<StatisticSources> configurations = norm == Normalization.BLN ? StatisticSources.batchIndependentOnes()
        : List.of(StatisticSources.REFERENCE_DEFAULT);
    for (StatisticSources inference : configurations) {
      double worst = Conformance.check(net, new OnnxExport.Options(inference, List.of("ham", "spam")), test.tokens,
          dir);
      assertThat(worst).isLessThanOrEqualTo(Conformance.TOLERANCE);
    }
  }

  @Test
  void batchNormalizationOnSequencesIsRefusedByName() {
    MultiLayerNetwork net = trained(Normalization.BN, StatisticsAxes.REFERENCE);
    assertThatThrownBy(() -> OnnxExport.model(net, new OnnxExport.Options(StatisticSources.REFERENCE_DEFAULT,
        List.of()))).isInstanceOf(UnsupportedNetworkException.class)
        .hasMessageContaining("layer 'layer2' (BatchNormalization)").hasMessageContaining("RnnToFeedForward");
  }

  private static MultiLayerNetwork trained(Normalization norm, StatisticsAxes axes) {
    ModelSettings settings = new ModelSettings(norm, axes, BatchLayerNormalization.DEFAULT_EPS, 2, 11, 0.01,
        LearningRateSchedule.CONSTANT, 8, 0, ModelSettings.REFERENCE_BN_DECAY);
    MultiLayerNetwork net = new MultiLayerNetwork(PaperModels.textClassifier(settings, VOCABULARY, 8, STEPS));
    net.init();
    List<DataSet> batches = Rows.random(100, new Random(5)).dataSet().batchBy(25);
    for (int epoch = 0; epoch < 2; epoch++) {
      batches.forEach(net::fit);
    }
    if (norm == Normalization.BLN) {
      PopulationStatisticsCollector.fill(net, new ListDataSetIterator<>(batches), PopulationEstimator.POOLED);
    }
    return net;
  }

  /** Front-padded token rows (id 0 is padding) of random lengths, labelled by whether their first token is even. */
  private record Rows(float[][] tokens, long[] lengths, int[] labels) {
    static Rows random(int n, Random random) {
      float[][] tokens = new float[n][STEPS];
      long[] lengths = new long[n];
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        lengths[i] = 1 + i % STEPS;
        for (int t = (int) (STEPS - lengths[i]); t < STEPS; t++) {
          tokens[i][t] = 1 + random.nextInt(VOCABULARY - 1);
        }
        labels[i] = (int) tokens[i][(int) (STEPS - lengths[i])] % 2;
      }
      return new Rows(tokens, lengths, labels);
    }

    DataSet dataSet() {
      float[][] oneHot = new float[labels.length][2];
      for (int i = 0; i < labels.length; i++) {
        oneHot[i][labels[i]] = 1;
      }
      return new DataSet(Nd4j.create(tokens), Nd4j.create(oneHot));
    }
  }
}
