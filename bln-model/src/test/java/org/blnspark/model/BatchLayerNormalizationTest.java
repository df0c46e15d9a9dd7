package org.blnspark.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

class BatchLayerNormalizationTest {
  private static final double TOLERANCE = 1e-10;

  @BeforeAll
  static void doublePrecision() {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
  }

  static Stream<Arguments> layoutsAndAxes() {
    List<Arguments> cases = new ArrayList<>();
    for (InputLayout layout : InputLayout.values()) {
      for (StatisticsAxes axes : StatisticsAxes.values()) {
        cases.add(Arguments.of(layout, axes));
      }
    }
    return cases.stream();
  }

  static MultiLayerNetwork singleLayer(BatchLayerNormalization.Builder layer, InputLayout layout, long seed) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(seed).list()
        .layer(layer.build())
        .setInputType(Layouts.inputType(layout))
        .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    Nd4j.getRandom().setSeed(seed);
    net.getLayer(0).setParam("gamma", Nd4j.rand(DataType.DOUBLE, 1, Layouts.D).addi(0.5));
    net.getLayer(0).setParam("beta", Nd4j.randn(DataType.DOUBLE, 1, Layouts.D));
    return net;
  }

  /** Input with a different scale and offset per channel, so the two normalisations differ. */
  static INDArray channelsFirstInput(InputLayout layout, int m, long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray x = Nd4j.randn(DataType.DOUBLE, Layouts.channelsFirstShape(layout, m));
    for (long k = 0; k < x.length(); k++) {
      long[] idx = Shape.ind2subC(x, k);
      x.putScalar(idx, x.getDouble(idx) * (1 + idx[1]) + 3 * idx[1]);
    }
    return x;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("layoutsAndAxes")
  void trainingForwardMatchesTheFormula(InputLayout layout, StatisticsAxes axes) {
    for (int m : new int[] {1, 2, 5}) {
      MultiLayerNetwork net = singleLayer(new BatchLayerNormalization.Builder().axes(axes).eps(1e-3), layout, 7);
      INDArray x = channelsFirstInput(layout, m, 11 + m);
      INDArray y = Layouts.toChannelsFirst(net.output(Layouts.toLayout(x, layout), true), layout);

      ReferenceBln.Axes reduce = ReferenceBln.Axes.of(x.rank(), axes);
      INDArray expected = ReferenceBln.forward(x, reduce, ReferenceBln.stats(x, reduce.batch()),
          ReferenceBln.stats(x, reduce.feature()), m, params(net, "gamma"), params(net, "beta"), 1e-3);
      assertClose(y, expected);
      assertThat(y.isInfinite().any() || y.isNaN().any()).isFalse();
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("layoutsAndAxes")
  void everyInferenceConfigurationMatchesTheFormula(InputLayout layout, StatisticsAxes axes) {
    int trainingM = 7;
    int m = 3;
    MultiLayerNetwork net = singleLayer(
        new BatchLayerNormalization.Builder().axes(axes).trainingBatchSize(trainingM), layout, 3);
    BatchLayerNormalization conf = (BatchLayerNormalization) net.getLayer(0).conf().getLayer();
    Map<String, double[]> population = randomPopulation(net);
    INDArray x = channelsFirstInput(layout, m, 5);
    ReferenceBln.Axes reduce = ReferenceBln.Axes.of(x.rank(), axes);
    ReferenceBln.GroupStats batch = ReferenceBln.stats(x, reduce.batch());
    ReferenceBln.GroupStats feature = ReferenceBln.stats(x, reduce.feature());

    for (StatisticSources inference : StatisticSources.all()) {
      BlnNetworks.setInference(net, inference);
      INDArray y = Layouts.toChannelsFirst(net.output(Layouts.toLayout(x, layout), false), layout);

      ReferenceBln.GroupStats batchUsed = choose(x, reduce.batch(), batch, population, "batch",
          inference.batchMeanFromPopulation(), inference.batchVarFromPopulation(), axes);
      ReferenceBln.GroupStats featureUsed = choose(x, reduce.feature(), feature, population, "feature",
          inference.featureMeanFromPopulation(), inference.featureVarFromPopulation(), axes);
      INDArray expected = ReferenceBln.forward(x, reduce, batchUsed, featureUsed, trainingM,
          params(net, "gamma"), params(net, "beta"), conf.getEps());
      assertClose(y, expected);
    }
  }

  @Test
  void populationPredictionsDoNotDependOnTheEvaluationBatching() {
    MultiLayerNetwork net = singleLayer(new BatchLayerNormalization.Builder().trainingBatchSize(4)
        .inference(new StatisticSources(true, true, true, true)), InputLayout.NCHW, 1);
    randomPopulation(net);
    INDArray x = channelsFirstInput(InputLayout.NCHW, 6, 2);
    INDArray whole = net.output(x, false);
    INDArray first = net.output(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)), false);
    assertClose(first, whole.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)));
  }

  @Test
  void inferenceRefusesPopulationStatisticsThatWereNeverCollected() {
    MultiLayerNetwork net = singleLayer(new BatchLayerNormalization.Builder(), InputLayout.DENSE, 1);
    INDArray x = channelsFirstInput(InputLayout.DENSE, 3, 1);
    assertThatThrownBy(() -> net.output(x, false)).hasMessageContaining("never collected");
    BlnNetworks.setInference(net, StatisticSources.ALL_MINI_BATCH);
    assertThat(net.output(x, false).isNaN().any()).isFalse();
  }

  @Test
  void layerNormalizationMixingIsThePlainLayerNorm() {
    MultiLayerNetwork net = singleLayer(new BatchLayerNormalization.Builder().mixing(Mixing.LAYER),
        InputLayout.NCW, 4);
    INDArray x = channelsFirstInput(InputLayout.NCW, 3, 9);
    ReferenceBln.GroupStats feature = ReferenceBln.stats(x, new int[] {1});
    double[] gamma = params(net, "gamma");
    double[] beta = params(net, "beta");
    INDArray y = net.output(x, false);
    for (long k = 0; k < x.length(); k++) {
      long[] idx = Shape.ind2subC(x, k);
      List<Long> key = ReferenceBln.key(idx, new int[] {1});
      double xf = (x.getDouble(idx) - feature.mean().get(key)) / Math.sqrt(feature.var().get(key) + 1e-3);
      assertThat(y.getDouble(idx)).isCloseTo(gamma[(int) idx[1]] * xf + beta[(int) idx[1]],
          org.assertj.core.data.Offset.offset(TOLERANCE));
    }
    assertThat(net.getLayer(0).paramTable().keySet()).containsExactly("gamma", "beta");
  }

  @Test
  void parametersHaveTheDocumentedNamesAndShapes() {
    MultiLayerNetwork net = singleLayer(new BatchLayerNormalization.Builder(), InputLayout.NCHW, 1);
    Map<String, INDArray> params = net.getLayer(0).paramTable();
    int positions = Layouts.H * Layouts.W;
    assertThat(params.keySet()).containsExactly("gamma", "beta", "batchMean", "batchVar", "featureMean", "featureVar",
        "state");
    assertThat(params.get("gamma").shape()).containsExactly(1, Layouts.D);
    assertThat(params.get("beta").shape()).containsExactly(1, Layouts.D);
    assertThat(params.get("batchMean").shape()).containsExactly(1, (long) Layouts.D * positions);
    assertThat(params.get("featureVar").shape()).containsExactly(1, positions);
    // Training batch size 0, nothing collected, the reference default PPBB (index 12).
    assertThat(params.get("state").toDoubleVector()).containsExactly(0, 0, 12);
  }

  @Test
  void trainingRecordsTheLargestBatchSizeItWasTrainedWith() {
    MultiLayerNetwork net = TinyNetworks.denseClassifier(new BatchLayerNormalization.Builder(), 3);
    org.nd4j.linalg.dataset.DataSet data = TinyNetworks.separableData(10, 3);
    net.fit(data);
    org.nd4j.linalg.dataset.DataSet shorter = new org.nd4j.linalg.dataset.DataSet(
        data.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4)),
        data.getLabels().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4)));
    net.fit(shorter);
    assertThat(BlnNetworks.blnLayers(net)).allSatisfy(l -> assertThat(l.trainingBatchSize()).isEqualTo(10));
  }

  @Test
  void badConfigurationsFailAtBuildTime() {
    assertThatThrownBy(() -> new BatchLayerNormalization.Builder().eps(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eps");
    assertThatThrownBy(() -> new BatchLayerNormalization.Builder().eps(-1e-3).build())
        .hasMessageContaining("eps");
    assertThatThrownBy(() -> new NeuralNetConfiguration.Builder().list()
        .layer(new BatchLayerNormalization.Builder().build())
        .setInputType(InputType.convolutional3D(2, 2, 2, 3)).build())
        .hasMessageContaining("unsupported input");
    assertThatThrownBy(() -> new NeuralNetConfiguration.Builder().list()
        .layer(new BatchLayerNormalization.Builder().build())
        .setInputType(InputType.recurrent(3)).build())
        .hasMessageContaining("fixed sequence length");
  }

  @Test
  void wrongInputShapeIsRejectedWithTheExpectedShape() {
    MultiLayerNetwork net = singleLayer(new BatchLayerNormalization.Builder(), InputLayout.NCW, 1);
    assertThatThrownBy(() -> net.output(Nd4j.zeros(DataType.DOUBLE, 2, Layouts.D, Layouts.T + 1)))
        .hasMessageContaining("positions");
  }

  @Test
  void aMaskOnImagesIsRefused() {
    MultiLayerNetwork net = singleLayer(new BatchLayerNormalization.Builder(), InputLayout.NCHW, 1);
    net.getLayer(0).setInput(channelsFirstInput(InputLayout.NCHW, 2, 1), LayerWorkspaceMgr.noWorkspaces());
    net.getLayer(0).setMaskArray(Nd4j.ones(DataType.DOUBLE, 2, 1));
    assertThatThrownBy(() -> net.getLayer(0).activate(true, LayerWorkspaceMgr.noWorkspaces()))
        .hasMessageContaining("masks are supported on sequences only");
  }

  private static Map<String, double[]> randomPopulation(MultiLayerNetwork net) {
    Map<String, double[]> population = new HashMap<>();
    for (String name : new String[] {"batchMean", "batchVar", "featureMean", "featureVar"}) {
      INDArray param = net.getLayer(0).getParam(name);
      INDArray values = Nd4j.rand(DataType.DOUBLE, param.shape()).addi(name.endsWith("Var") ? 0.5 : -0.5);
      net.getLayer(0).setParam(name, values);
      population.put(name, values.toDoubleVector());
    }
    ((BatchLayerNormalizationLayer) net.getLayer(0)).setPopulationCollected(true);
    return population;
  }

  /**
   * The statistics a configuration uses, keyed as {@link ReferenceBln#stats} keys them: each of mean
   * and variance from the mini-batch or from the documented population layout (batch statistics at
   * c·P + p, or c when pooled over positions; feature statistics at p, or 0 when pooled).
   */
  private static ReferenceBln.GroupStats choose(INDArray x, int[] reduced, ReferenceBln.GroupStats miniBatch,
      Map<String, double[]> population, String kind, boolean meanFromPopulation, boolean varFromPopulation,
      StatisticsAxes axes) {
    Map<List<Long>, Double> mean = new HashMap<>();
    Map<List<Long>, Double> var = new HashMap<>();
    long positions = x.length() / (x.size(0) * x.size(1));
    for (long k = 0; k < x.length(); k++) {
      long[] idx = Shape.ind2subC(x, k);
      List<Long> key = ReferenceBln.key(idx, reduced);
      long p = (k % positions);
      boolean pooled = axes == StatisticsAxes.CONVENTIONAL && (kind.equals("batch") ? x.rank() > 2 : x.rank() == 4);
      int index = (int) (kind.equals("batch") ? (pooled ? idx[1] : idx[1] * positions + p) : (pooled ? 0 : p));
      mean.put(key, meanFromPopulation ? population.get(kind + "Mean")[index] : miniBatch.mean().get(key));
      var.put(key, varFromPopulation ? population.get(kind + "Var")[index] : miniBatch.var().get(key));
    }
    return new ReferenceBln.GroupStats(mean, var);
  }

  static double[] params(MultiLayerNetwork net, String name) {
    return net.getLayer(0).getParam(name).toDoubleVector();
  }

  static void assertClose(INDArray actual, INDArray expected) {
    assertThat(actual.shape()).containsExactly(expected.shape());
    double maxDiff = actual.sub(expected).amaxNumber().doubleValue();
    assertThat(maxDiff).as("max abs difference").isLessThan(TOLERANCE);
  }
}
