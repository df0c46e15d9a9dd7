package org.blnspark.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

import org.blnspark.model.statistics.ObservedLayers;
import org.blnspark.model.statistics.PopulationEstimator;
import org.blnspark.model.statistics.PopulationStatistics;
import org.blnspark.model.statistics.PopulationStatisticsCollector;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * DL4J's BatchNormalization with its population statistics re-estimated by the statistics pass,
 * the second BN baseline of the study: after the pass, BN at inference normalises its input by
 * the exact mean and unbiased variance of what it saw in the pass, checked against a computation
 * by hand from the layer's input; and a pass of BLN's layers only leaves BN's running averages alone.
 */
class BatchNormalizationStatisticsTest {
  private static final int N = 64;
  private static final double EPS = 1e-3;

  @BeforeAll
  static void doublePrecision() {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
  }

  private static NeuralNetConfiguration.Builder base() {
    return new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE).updater(new Adam(0.01));
  }

  private static OutputLayer softmax() {
    return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX).build();
  }

  private static BatchNormalization bn(boolean logStd) {
    return new BatchNormalization.Builder().eps(EPS).useLogStd(logStd).build();
  }

  /** Dense 5 → 4 → BN → softmax: the BN sees a layer's output, not the data. */
  private static MultiLayerNetwork dense(boolean logStd) {
    MultiLayerConfiguration conf = base().list()
        .layer(new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build())
        .layer(bn(logStd))
        .layer(softmax())
        .setInputType(InputType.feedForward(5)).build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  /** 3-channel 6×6 images straight into BN, then softmax. */
  private static MultiLayerNetwork images(CNN2DFormat format) {
    MultiLayerConfiguration conf = base().list()
        .layer(bn(true))
        .layer(softmax())
        .setInputType(InputType.convolutional(6, 6, 3, format)).build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  /** in → dense 4 → BN "bn" → BLN "bln" → softmax, as a graph. */
  private static ComputationGraph graph() {
    ComputationGraph graph = new ComputationGraph(base().graphBuilder()
        .addInputs("in")
        .setInputTypes(InputType.feedForward(5))
        .addLayer("d", new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build(), "in")
        .addLayer("bn", bn(true), "d")
        .addLayer("bln", new BatchLayerNormalization.Builder().build(), "bn")
        .addLayer("out", softmax(), "bln")
        .setOutputs("out").build());
    graph.init();
    return graph;
  }

  /** Gamma and beta away from 1 and 0, so a wrong scale or shift shows; the same on every call. */
  private static void randomiseAffine(Layer bn) {
    Nd4j.getRandom().setSeed(5);
    bn.getParam("gamma").assign(Nd4j.rand(DataType.DOUBLE, bn.getParam("gamma").shape()).addi(0.5));
    bn.getParam("beta").assign(Nd4j.randn(DataType.DOUBLE, bn.getParam("beta").shape()));
  }

  private static INDArray data(long... shape) {
    Nd4j.getRandom().setSeed(11);
    return Nd4j.randn(DataType.DOUBLE, shape).muli(3).addi(2);
  }

  private static PopulationStatistics fill(Model net, INDArray x, ObservedLayers observed) {
    PopulationStatistics statistics = PopulationStatisticsCollector.observe(net, x, null, observed);
    statistics.applyTo(net, PopulationEstimator.POOLED);
    return statistics;
  }

  /**
   * Checks BN at inference after the pass against {@code γ·(x − μ)/√(σ² + ε) + β} computed one
   * channel at a time, with μ and σ² the mean and unbiased variance of that channel of
   * {@code input} (on {@code channelAxis}) over everything else.
   */
  private static void assertInfersFromTheMomentsOfItsInput(Layer bn, INDArray input, int channelAxis) {
    INDArray actual = atInference(bn, input);
    for (int c = 0; c < input.size(channelAxis); c++) {
      INDArrayIndex[] channel = new INDArrayIndex[input.rank()];
      Arrays.fill(channel, NDArrayIndex.all());
      channel[channelAxis] = NDArrayIndex.point(c);
      double[] x = input.get(channel).dup().data().asDouble();
      DescriptiveStatistics moments = new DescriptiveStatistics(x);
      double gamma = bn.getParam("gamma").getDouble(c);
      double beta = bn.getParam("beta").getDouble(c);
      double std = Math.sqrt(moments.getVariance() + EPS);
      double[] expected = Arrays.stream(x).map(v -> gamma * (v - moments.getMean()) / std + beta).toArray();
      assertThat(actual.get(channel).dup().data().asDouble()).as("channel %d", c)
          .containsExactly(expected, within(1e-9));
    }
  }

  private static INDArray atInference(Layer bn, INDArray input) {
    return bn.activate(input, false, LayerWorkspaceMgr.noWorkspaces());
  }

  @ParameterizedTest(name = "log std {0}")
  @ValueSource(booleans = {true, false})
  void denseBnInfersFromTheExactMomentsOfItsInputInThePass(boolean logStd) {
    MultiLayerNetwork net = dense(logStd);
    randomiseAffine(net.getLayer(1));
    INDArray x = data(N, 5);
    INDArray input = net.feedForwardToLayer(0, x, false).get(1);
    // Before the pass BN holds its initial running statistics (mean 0, variance 1), far from these.
    assertThatThrownBy(() -> assertInfersFromTheMomentsOfItsInput(net.getLayer(1), input, 1))
        .isInstanceOf(AssertionError.class);

    fill(net, x, ObservedLayers.BLN_AND_BATCH_NORMALIZATION);

    assertInfersFromTheMomentsOfItsInput(net.getLayer(1), input, 1);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = CNN2DFormat.class)
  void imageBnTakesOneStatisticPerChannelOverExamplesAndPositions(CNN2DFormat format) {
    MultiLayerNetwork net = images(format);
    randomiseAffine(net.getLayer(0));
    INDArray x = format == CNN2DFormat.NCHW ? data(N, 3, 6, 6) : data(N, 6, 6, 3);

    fill(net, x, ObservedLayers.BLN_AND_BATCH_NORMALIZATION);

    assertInfersFromTheMomentsOfItsInput(net.getLayer(0), x, format == CNN2DFormat.NCHW ? 1 : 3);
  }

  @Test
  void inAGraphOnePassFillsBnAndBlnAndBlnGetsWhatABlnOnlyPassGives() {
    INDArray x = data(N, 5);
    ComputationGraph blnOnly = graph();
    randomiseAffine(blnOnly.getLayer("bn"));
    PopulationStatistics onlyBln = fill(blnOnly, x, ObservedLayers.BLN);
    assertThat(onlyBln.layers().keySet()).containsExactly("bln");

    ComputationGraph both = graph();
    randomiseAffine(both.getLayer("bn"));
    PopulationStatistics all = fill(both, x, ObservedLayers.BLN_AND_BATCH_NORMALIZATION);

    assertThat(all.layers().keySet()).containsExactly("bln", "bn");
    assertInfersFromTheMomentsOfItsInput(both.getLayer("bn"), both.feedForward(new INDArray[] {x}, false).get("d"), 1);
    // BLN's statistics do not depend on BN's population parameters: training mode uses the batch's.
    var blnValues = all.layers().get("bln").estimate(PopulationEstimator.POOLED);
    var reference = onlyBln.layers().get("bln").estimate(PopulationEstimator.POOLED);
    assertThat(blnValues.batchMean()).containsExactly(reference.batchMean(), within(1e-12));
    assertThat(blnValues.featureVar()).containsExactly(reference.featureVar(), within(1e-12));
  }

  @Test
  void aPassOfBlnLayersOnlyLeavesBnsRunningAveragesAlone() {
    MultiLayerNetwork net = dense(true);
    INDArray before = net.getLayer(1).getParam("mean").dup();
    INDArray logStdBefore = net.getLayer(1).getParam("log10stdev").dup();

    PopulationStatistics statistics = fill(net, data(N, 5), ObservedLayers.BLN);

    assertThat(statistics.isEmpty()).isTrue();
    assertThat(net.getLayer(1).getParam("mean")).isEqualTo(before);
    assertThat(net.getLayer(1).getParam("log10stdev")).isEqualTo(logStdBefore);
  }

  @Test
  void partialsOfTwoHalvesMergeToThePassOverAll() {
    INDArray x = data(N, 5);
    MultiLayerNetwork net = dense(true);
    PopulationStatistics whole = PopulationStatisticsCollector.observe(net, x, null,
        ObservedLayers.BLN_AND_BATCH_NORMALIZATION);
    PopulationStatistics halves = PopulationStatisticsCollector.observe(net, x.get(NDArrayIndex.interval(0, 20)),
        null, ObservedLayers.BLN_AND_BATCH_NORMALIZATION).merge(PopulationStatisticsCollector.observe(net,
        x.get(NDArrayIndex.interval(20, N)), null, ObservedLayers.BLN_AND_BATCH_NORMALIZATION));
    String layer = "layer1";
    assertThat(halves.layers().get(layer).estimate(PopulationEstimator.POOLED).batchVar())
        .containsExactly(whole.layers().get(layer).estimate(PopulationEstimator.POOLED).batchVar(), within(1e-12));
    assertThat(halves.layers().get(layer).samples()).isEqualTo(N);
  }
}
