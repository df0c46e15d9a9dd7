package org.blnspark.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.blnspark.model.zoo.InputShape;
import org.blnspark.model.zoo.ModelSettings;
import org.blnspark.model.zoo.Normalization;
import org.blnspark.model.zoo.PaperModel;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's oneDNN helpers for convolution and pooling, switched on by {@code org.nd4j.nativeblas.Nd4jCpu}
 * and the flag in {@code conf/java17.args}, must be in use and must compute what DL4J's own
 * implementations compute (its BN helper did not, so it stays off):
 * the same network with the same parameters gives the same training-mode output and the same
 * gradient with the helpers on and off.
 */
class OneDnnHelpersTest {
  private static final String DISABLE_HELPERS = "org.eclipse.deeplearning4j.helpers.disable";
  private static final int BATCH = 6;

  @Test
  void theTestJvmRunsTheConvolutionsOnOneDnn() {
    Model net = newNetwork(PaperModel.LENET, Normalization.NONE, false);
    List<Layer> convolutions = layers(net).stream().filter(ConvolutionLayer.class::isInstance).toList();
    List<Layer> pooling = layers(net).stream().filter(SubsamplingLayer.class::isInstance).toList();
    assertThat(convolutions).hasSize(2).allSatisfy(layer -> assertThat(layer.getHelper()).isInstanceOf(MKLDNNConvHelper.class));
    assertThat(pooling).hasSize(2).allSatisfy(layer -> assertThat(layer.getHelper()).isInstanceOf(MKLDNNSubsamplingHelper.class));
  }

  @Test
  void batchNormalizationKeepsDl4jsOwnImplementation() {
    Model net = newNetwork(PaperModel.LENET, Normalization.BN, false);
    List<Layer> batchNorms = layers(net).stream().filter(BatchNormalization.class::isInstance).toList();
    assertThat(batchNorms).hasSize(4).allSatisfy(layer -> assertThat(layer.getHelper()).isNull());
  }

  static Stream<Arguments> networks() {
    List<Arguments> cases = new ArrayList<>();
    for (PaperModel model : PaperModel.values()) {
      for (Normalization norm : Normalization.values()) {
        cases.add(Arguments.of(model, norm));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("networks")
  void helpersGiveDl4jsOwnOutputAndGradient(PaperModel model, Normalization norm) {
    Model builtIn = newNetwork(model, norm, true);
    Model oneDnn = newNetwork(model, norm, false);
    oneDnn.setParams(builtIn.params().dup());
    INDArray[] batch = batch(model);

    INDArray expectedOutput = output(builtIn, batch[0]);
    INDArray actualOutput = output(oneDnn, batch[0]);
    assertClose(actualOutput, expectedOutput, "output");

    INDArray expectedGradient = gradient(builtIn, batch);
    INDArray actualGradient = gradient(oneDnn, batch);
    assertClose(actualGradient, expectedGradient, "gradient");
  }

  private static void assertClose(INDArray actual, INDArray expected, String what) {
    double scale = 1 + expected.amaxNumber().doubleValue();
    double difference = actual.sub(expected).amaxNumber().doubleValue();
    assertThat(difference).as("largest %s difference against DL4J's own implementation", what)
        .isLessThanOrEqualTo(1e-4 * scale);
  }

  private static Model newNetwork(PaperModel model, Normalization norm, boolean helpersDisabled) {
    String previous = System.getProperty(DISABLE_HELPERS);
    // DL4J reads the flag when a layer is built, so it holds for this network alone.
    System.setProperty(DISABLE_HELPERS, Boolean.toString(helpersDisabled));
    try {
      ModelSettings settings = ModelSettings.of(norm, 10, 7, 0.002);
      settings = new ModelSettings(settings.normalization(), settings.axes(), settings.eps(), settings.classes(),
          settings.seed(), settings.learningRate(), settings.schedule(), 8, 0, settings.bnDecay());
      return model.configuration(settings, shape(model)).newNetwork();
    } finally {
      if (previous == null) {
        System.clearProperty(DISABLE_HELPERS);
      } else {
        System.setProperty(DISABLE_HELPERS, previous);
      }
    }
  }

  private static InputShape shape(PaperModel model) {
    return switch (model) {
      case LSTM -> new InputShape.Tokens(12, 50);
      case MLP -> new InputShape.Tabular(20);
      case LENET, RESNET -> new InputShape.Image(28, 28, 1);
    };
  }

  private static INDArray[] batch(PaperModel model) {
    InputShape shape = shape(model);
    Random random = new Random(3);
    float[][] features = new float[BATCH][shape.features()];
    float[][] labels = new float[BATCH][10];
    for (int i = 0; i < BATCH; i++) {
      for (int j = 0; j < features[i].length; j++) {
        features[i][j] = shape instanceof InputShape.Tokens ? 1 + random.nextInt(49) : random.nextFloat();
      }
      labels[i][i % 10] = 1;
    }
    return new INDArray[] {Nd4j.create(features).castTo(DataType.FLOAT), Nd4j.create(labels).castTo(DataType.FLOAT)};
  }

  private static INDArray output(Model net, INDArray features) {
    return net instanceof ComputationGraph graph ? graph.outputSingle(true, features) : ((MultiLayerNetwork) net).output(features, true);
  }

  private static INDArray gradient(Model net, INDArray[] batch) {
    if (net instanceof ComputationGraph graph) {
      graph.setInputs(batch[0]);
      graph.setLabels(batch[1]);
      graph.computeGradientAndScore();
    } else {
      MultiLayerNetwork layered = (MultiLayerNetwork) net;
      layered.setInput(batch[0]);
      layered.setLabels(batch[1]);
      layered.computeGradientAndScore();
    }
    return net.gradient().gradient().dup();
  }

  private static List<Layer> layers(Model net) {
    return List.of(net instanceof ComputationGraph graph ? graph.getLayers() : ((MultiLayerNetwork) net).getLayers());
  }
}
