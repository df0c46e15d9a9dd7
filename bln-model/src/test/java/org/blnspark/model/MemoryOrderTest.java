package org.blnspark.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layer's training forward and backward passes against {@link ReferenceBln}, for every layout,
 * both statistics axes, float and double, arrays in row-major ('c') and column-major ('f') memory
 * (DL4J's recurrent layers hand over 'f' arrays, which the kernel reads in place), and a sequence
 * mask where the layout is a sequence: each way the kernel walks its elements is checked against
 * element-by-element arithmetic.
 */
class MemoryOrderTest {
  private static final int M = 4;
  private static final double EPS = 1e-3;

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (InputLayout layout : InputLayout.values()) {
      for (StatisticsAxes axes : StatisticsAxes.values()) {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
          for (char order : new char[] {'c', 'f'}) {
            boolean sequence = layout == InputLayout.NCW || layout == InputLayout.NWC;
            for (boolean masked : sequence ? new boolean[] {false, true} : new boolean[] {false}) {
              cases.add(Arguments.of(layout, axes, type, order, masked));
            }
          }
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2} {3} masked={4}")
  @MethodSource("cases")
  void forwardAndBackwardMatchTheReference(InputLayout layout, StatisticsAxes axes, DataType type, char order,
                                           boolean masked) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(type).seed(5).list()
        .layer(new BatchLayerNormalization.Builder().axes(axes).eps(EPS).build())
        .setInputType(Layouts.inputType(layout))
        .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    net.initGradientsView();
    Layer layer = net.getLayer(0);
    Nd4j.getRandom().setSeed(17);
    layer.setParam("gamma", Nd4j.rand(type, 1, Layouts.D).addi(0.5));
    layer.setParam("beta", Nd4j.randn(type, 1, Layouts.D));
    double[] gamma = layer.getParam("gamma").toDoubleVector();
    double[] beta = layer.getParam("beta").toDoubleVector();

    // The values the layer sees, rounded to its type, in double for the reference.
    INDArray x = BatchLayerNormalizationTest.channelsFirstInput(layout, M, 23).castTo(type).castTo(DataType.DOUBLE);
    INDArray g = Nd4j.randn(DataType.DOUBLE, x.shape()).castTo(type).castTo(DataType.DOUBLE);
    INDArray mask = masked ? paddedAtTheFront() : null;

    LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.noWorkspaces();
    layer.setInput(Layouts.toLayout(x, layout).castTo(type).dup(order), workspaces);
    layer.setMaskArray(mask == null ? null : mask.castTo(type));
    INDArray y = layer.activate(true, workspaces);
    Pair<Gradient, INDArray> backward = layer.backpropGradient(Layouts.toLayout(g, layout).castTo(type).dup(order),
        workspaces);

    ReferenceBln.Axes reduce = ReferenceBln.Axes.of(x.rank(), axes);
    INDArray expectedY = ReferenceBln.forward(x, mask, reduce, ReferenceBln.stats(x, reduce.batch(), mask),
        ReferenceBln.stats(x, reduce.feature(), mask), M, gamma, beta, EPS);
    ReferenceBln.Gradients expected = ReferenceBln.backward(x, g, mask, reduce, M, gamma, EPS);
    double tolerance = type == DataType.FLOAT ? 2e-4 : 1e-10;
    assertClose("output", toChannelsFirst(y, layout), expectedY, tolerance);
    assertClose("input gradient", toChannelsFirst(backward.getSecond(), layout), expected.input(), tolerance);
    assertClose("gamma gradient", backward.getFirst().getGradientFor("gamma"), Nd4j.createFromArray(expected.gamma()),
        tolerance);
    assertClose("beta gradient", backward.getFirst().getGradientFor("beta"), Nd4j.createFromArray(expected.beta()),
        tolerance);
  }

  /** Example i holds T − i real steps, padded at the front. */
  private static INDArray paddedAtTheFront() {
    INDArray mask = Nd4j.ones(DataType.DOUBLE, M, Layouts.T);
    for (int i = 0; i < M; i++) {
      for (int t = 0; t < i; t++) {
        mask.putScalar(i, t, 0);
      }
    }
    return mask;
  }

  private static INDArray toChannelsFirst(INDArray array, InputLayout layout) {
    return Layouts.toChannelsFirst(array.castTo(DataType.DOUBLE), layout);
  }

  private static void assertClose(String what, INDArray actual, INDArray expected, double tolerance) {
    INDArray a = actual.castTo(DataType.DOUBLE).reshape(expected.shape());
    double scale = Math.max(1, expected.amaxNumber().doubleValue());
    assertThat(a.sub(expected).amaxNumber().doubleValue()).as("%s: max abs difference", what)
        .isLessThan(tolerance * scale);
  }
}
