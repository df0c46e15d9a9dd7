package org.blnspark.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** DL4J's own numerical gradient check, through a trainable layer before BLN so dL/dx is checked too. */
class GradientCheckTest {
  @BeforeAll
  static void doublePrecision() {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (InputLayout layout : InputLayout.values()) {
      for (StatisticsAxes axes : StatisticsAxes.values()) {
        for (int m : new int[] {1, 2, 4}) {
          cases.add(Arguments.of(layout, axes, m));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1} m={2}")
  @MethodSource("cases")
  void gradientsMatchFiniteDifferences(InputLayout layout, StatisticsAxes axes, int m) {
    MultiLayerNetwork net = network(layout, axes);
    Nd4j.getRandom().setSeed(42 + m);
    INDArray x = Layouts.toLayout(Nd4j.randn(DataType.DOUBLE, Layouts.channelsFirstShape(layout, m)), layout);
    INDArray labels = labels(layout, m);

    boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(labels)
        .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9).print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
        .exitOnFirstError(false));
    assertThat(ok).isTrue();
  }

  /** A graph with BLN after a merge and after an element-wise add of a shortcut, for both axis modes. */
  @ParameterizedTest(name = "{0} m={1}")
  @MethodSource("graphCases")
  void gradientsMatchFiniteDifferencesInAGraph(StatisticsAxes axes, int m) {
    ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(7)
        .updater(new NoOp()).graphBuilder()
        .addInputs("in")
        .setInputTypes(InputType.feedForward(Layouts.D))
        .addLayer("d1", new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build(), "in")
        .addLayer("n1", new BatchLayerNormalization.Builder().axes(axes).build(), "d1")
        .addLayer("d2", new DenseLayer.Builder().nOut(3).activation(Activation.TANH).build(), "in")
        .addVertex("merge", new MergeVertex(), "n1", "d2")
        .addLayer("n2", new BatchLayerNormalization.Builder().axes(axes).build(), "merge")
        .addLayer("d3", new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build(), "n2")
        .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "d3", "n1")
        .addLayer("n3", new BatchLayerNormalization.Builder().axes(axes).build(), "add")
        .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
            .activation(Activation.SOFTMAX).build(), "n3")
        .setOutputs("out")
        .build());
    graph.init();
    Nd4j.getRandom().setSeed(11 + m);
    for (String bln : new String[] {"n1", "n2", "n3"}) {
      long d = graph.getLayer(bln).getParam("gamma").length();
      graph.getLayer(bln).setParam("gamma", Nd4j.rand(DataType.DOUBLE, 1, d).addi(0.5));
      graph.getLayer(bln).setParam("beta", Nd4j.randn(DataType.DOUBLE, 1, d));
    }
    INDArray x = Nd4j.randn(DataType.DOUBLE, m, Layouts.D);
    boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
        .inputs(new INDArray[] {x}).labels(new INDArray[] {labels(InputLayout.DENSE, m)})
        .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9).print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
        .exitOnFirstError(false));
    assertThat(ok).isTrue();
  }

  static Stream<Arguments> graphCases() {
    List<Arguments> cases = new ArrayList<>();
    for (StatisticsAxes axes : StatisticsAxes.values()) {
      for (int m : new int[] {1, 3}) {
        cases.add(Arguments.of(axes, m));
      }
    }
    return cases.stream();
  }

  private static MultiLayerNetwork network(InputLayout layout, StatisticsAxes axes) {
    NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(5)
        .updater(new NoOp()).list()
        .layer(before(layout))
        .layer(new BatchLayerNormalization.Builder().axes(axes).build())
        .layer(output(layout))
        .setInputType(Layouts.inputType(layout));
    MultiLayerNetwork net = new MultiLayerNetwork(list.build());
    net.init();
    // Away from γ = 1, β = 0 so that their gradients are exercised in general position.
    net.getLayer(1).setParam("gamma", Nd4j.rand(DataType.DOUBLE, 1, Layouts.D).addi(0.5));
    net.getLayer(1).setParam("beta", Nd4j.randn(DataType.DOUBLE, 1, Layouts.D));
    return net;
  }

  private static Layer before(InputLayout layout) {
    return switch (layout) {
      case DENSE -> new DenseLayer.Builder().nOut(Layouts.D).activation(Activation.TANH).build();
      case NCW, NWC -> new SimpleRnn.Builder().nOut(Layouts.D).activation(Activation.TANH)
          .dataFormat(layout == InputLayout.NWC ? RNNFormat.NWC : RNNFormat.NCW).build();
      case NCHW, NHWC -> new ConvolutionLayer.Builder(1, 1).nOut(Layouts.D).activation(Activation.TANH)
          .dataFormat(layout == InputLayout.NHWC ? CNN2DFormat.NHWC : CNN2DFormat.NCHW).build();
    };
  }

  private static Layer output(InputLayout layout) {
    return switch (layout.rank()) {
      case 3 -> new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
          .dataFormat(layout == InputLayout.NWC ? RNNFormat.NWC : RNNFormat.NCW).build();
      default -> new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
          .build();
    };
  }

  private static INDArray labels(InputLayout layout, int m) {
    long[] shape = switch (layout) {
      case NCW -> new long[] {m, 3, Layouts.T};
      case NWC -> new long[] {m, Layouts.T, 3};
      default -> new long[] {m, 3};
    };
    INDArray labels = Nd4j.zeros(DataType.DOUBLE, shape);
    int classAxis = layout == InputLayout.NWC ? 2 : 1;
    for (int i = 0; i < m; i++) {
      if (shape.length == 2) {
        labels.putScalar(i, i % 3, 1);
      } else {
        for (int t = 0; t < Layouts.T; t++) {
          labels.putScalar(classAxis == 1 ? new long[] {i, (i + t) % 3, t} : new long[] {i, t, (i + t) % 3}, 1);
        }
      }
    }
    return labels;
  }
}
