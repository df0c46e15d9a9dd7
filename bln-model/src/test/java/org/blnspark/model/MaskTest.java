package org.blnspark.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.blnspark.model.statistics.PopulationEstimator;
import org.blnspark.model.statistics.PopulationStatisticsCollector;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Variable-length sequences: padded steps enter no statistic, in training or in the population
 * statistics, and their outputs and gradients are 0.
 */
class MaskTest {
  private static final int M = 4;

  @BeforeAll
  static void doublePrecision() {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
  }

  /** Example i holds T − i real steps, padded at the front as Keras pads (the last step is always real). */
  private static INDArray mask() {
    INDArray mask = Nd4j.ones(DataType.DOUBLE, M, Layouts.T);
    for (int i = 0; i < M; i++) {
      for (int t = 0; t < i; t++) {
        mask.putScalar(i, t, 0);
      }
    }
    return mask;
  }

  /** The same input with garbage written into its padded steps. */
  private static INDArray withGarbageInPadding(INDArray x, INDArray mask) {
    INDArray garbage = x.dup();
    for (int i = 0; i < M; i++) {
      for (int t = 0; t < Layouts.T; t++) {
        if (mask.getDouble(i, t) == 0) {
          garbage.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.point(t)).assign(1e6 * (t + 1));
        }
      }
    }
    return garbage;
  }

  @ParameterizedTest
  @EnumSource(StatisticsAxes.class)
  void paddedStepsOutputZeroAndDoNotChangeTheRealOnes(StatisticsAxes axes) {
    MultiLayerNetwork net = BatchLayerNormalizationTest.singleLayer(new BatchLayerNormalization.Builder().axes(axes),
        InputLayout.NCW, 3);
    INDArray x = BatchLayerNormalizationTest.channelsFirstInput(InputLayout.NCW, M, 5);
    INDArray mask = mask();
    INDArray y = net.output(x, true, mask, null);
    INDArray yGarbage = net.output(withGarbageInPadding(x, mask), true, mask, null);
    assertThat(yGarbage.equalsWithEps(y, 1e-10)).isTrue();
    for (int i = 0; i < M; i++) {
      for (int t = 0; t < i; t++) {
        assertThat(y.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.point(t)).sumNumber().doubleValue())
            .isZero();
      }
    }
    if (axes == StatisticsAxes.REFERENCE) {
      // A step where every example is real has the statistics it would have without a mask.
      INDArray unmasked = net.output(x, true);
      INDArray last = y.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(Layouts.T - 1));
      assertThat(last.equalsWithEps(unmasked.get(NDArrayIndex.all(), NDArrayIndex.all(),
          NDArrayIndex.point(Layouts.T - 1)), 1e-10)).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(StatisticsAxes.class)
  void populationStatisticsCountRealStepsOnly(StatisticsAxes axes) {
    MultiLayerNetwork net = BatchLayerNormalizationTest.singleLayer(new BatchLayerNormalization.Builder().axes(axes),
        InputLayout.NCW, 4);
    INDArray x = BatchLayerNormalizationTest.channelsFirstInput(InputLayout.NCW, M, 6);
    INDArray mask = mask();
    DataSet data = new DataSet(withGarbageInPadding(x, mask), Nd4j.zeros(DataType.DOUBLE, M, 1), mask, null);
    PopulationStatisticsCollector.fill(net, new ListDataSetIterator<>(data.asList(), 3), PopulationEstimator.POOLED);

    double[] batchMean = net.getLayer(0).getParam("batchMean").toDoubleVector();
    int c = 2;
    if (axes == StatisticsAxes.REFERENCE) {
      // Channel c at step 1, where examples 0 and 1 are real and 2 and 3 padded.
      int t = 1;
      double sum = 0;
      int n = 0;
      for (int i = 0; i < M; i++) {
        if (mask.getDouble(i, t) == 1) {
          sum += x.getDouble(i, c, t);
          n++;
        }
      }
      assertThat(batchMean[c * Layouts.T + t]).isCloseTo(sum / n, within(1e-12));
    } else {
      double sum = 0;
      int n = 0;
      for (int i = 0; i < M; i++) {
        for (int t = 0; t < Layouts.T; t++) {
          if (mask.getDouble(i, t) == 1) {
            sum += x.getDouble(i, c, t);
            n++;
          }
        }
      }
      assertThat(batchMean[c]).isCloseTo(sum / n, within(1e-12));
    }
    for (double value : net.getLayer(0).getParam("featureVar").toDoubleVector()) {
      assertThat(value).isFinite().isLessThan(1e3);
    }
  }

  @ParameterizedTest
  @EnumSource(StatisticsAxes.class)
  void gradientsMatchFiniteDifferencesWithAMask(StatisticsAxes axes) {
    MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
        .seed(9).updater(new NoOp()).list()
        .layer(new SimpleRnn.Builder().nOut(Layouts.D).activation(Activation.TANH).build())
        .layer(new BatchLayerNormalization.Builder().axes(axes).build())
        .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
            .build())
        .setInputType(Layouts.inputType(InputLayout.NCW))
        .build());
    net.init();
    Nd4j.getRandom().setSeed(13);
    net.getLayer(1).setParam("gamma", Nd4j.rand(DataType.DOUBLE, 1, Layouts.D).addi(0.5));
    net.getLayer(1).setParam("beta", Nd4j.randn(DataType.DOUBLE, 1, Layouts.D));
    INDArray x = Nd4j.randn(DataType.DOUBLE, M, Layouts.D, Layouts.T);
    INDArray labels = Nd4j.zeros(DataType.DOUBLE, M, 3, Layouts.T);
    for (int i = 0; i < M; i++) {
      for (int t = 0; t < Layouts.T; t++) {
        labels.putScalar(new long[] {i, (i + t) % 3, t}, 1);
      }
    }
    INDArray mask = mask();
    boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(labels)
        .inputMask(mask).labelMask(mask).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
        .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false));
    assertThat(ok).isTrue();
  }
}
