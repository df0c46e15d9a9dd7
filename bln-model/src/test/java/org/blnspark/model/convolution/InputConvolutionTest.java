package org.blnspark.model.convolution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The first convolution without its input gradient: every parameter gradient of the network, the
 * first layer's weights and bias included, equals what DL4J's own convolution gives the same
 * network with the same parameters and data (its oneDNN helper in this JVM, conf/java17.args).
 */
class InputConvolutionTest {
  private static final int BATCH = 5;

  /** Input channels, padding mode, stride, bias, data type. */
  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (int channels : new int[] {1, 3}) {
      for (ConvolutionMode mode : new ConvolutionMode[] {ConvolutionMode.Same, ConvolutionMode.Truncate}) {
        for (int stride : new int[] {1, 2}) {
          for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            cases.add(Arguments.of(channels, mode, stride, true, type));
          }
        }
      }
      cases.add(Arguments.of(channels, ConvolutionMode.Same, 1, false, DataType.FLOAT));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} channels, {1}, stride {2}, bias {3}, {4}")
  @MethodSource("cases")
  void everyParameterGradientEqualsDl4jsOwn(int channels, ConvolutionMode mode, int stride, boolean bias,
                                            DataType type) {
    ConvolutionLayer.Builder ours = new InputConvolution.Builder(5, 5);
    MultiLayerNetwork withInputConvolution = network(ours, channels, mode, stride, bias, type);
    MultiLayerNetwork withDl4jConvolution = network(new ConvolutionLayer.Builder(5, 5), channels, mode, stride, bias,
        type);
    assertThat(withInputConvolution.getLayer(0)).isInstanceOf(InputConvolutionLayer.class);
    assertThat(withDl4jConvolution.getLayer(0)).isNotInstanceOf(InputConvolutionLayer.class);
    withInputConvolution.setParams(withDl4jConvolution.params());

    Nd4j.getRandom().setSeed(3);
    INDArray x = Nd4j.rand(type, BATCH, channels, 16, 16);
    INDArray labels = Nd4j.zeros(type, BATCH, 3);
    for (int i = 0; i < BATCH; i++) {
      labels.putScalar(i, i % 3, 1);
    }
    INDArray expected = gradient(withDl4jConvolution, x, labels);
    INDArray actual = gradient(withInputConvolution, x, labels);

    double tolerance = type == DataType.FLOAT ? 1e-5 : 1e-12;
    double scale = Math.max(1, expected.amaxNumber().doubleValue());
    assertThat(expected.amaxNumber().doubleValue()).as("a gradient to compare").isGreaterThan(0);
    assertThat(actual.sub(expected).amaxNumber().doubleValue()).as("max abs difference of all gradients")
        .isLessThan(tolerance * scale);
    long firstLayer = withDl4jConvolution.getLayer(0).numParams();
    assertThat(actual.reshape(-1).get(NDArrayIndex.interval(0, firstLayer)).amaxNumber().doubleValue())
        .as("the first layer's own gradients").isGreaterThan(0);
  }

  @Test
  void aSavedNetworkLoadsWithItsInputConvolution() throws IOException {
    MultiLayerNetwork net = network(new InputConvolution.Builder(5, 5), 1, ConvolutionMode.Same, 1, true,
        DataType.FLOAT);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ModelSerializer.writeModel(net, bytes, false);
    MultiLayerNetwork loaded = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()));
    assertThat(loaded.getLayerWiseConfigurations().getConf(0).getLayer()).isInstanceOf(InputConvolution.class);
    assertThat(loaded.getLayer(0)).isInstanceOf(InputConvolutionLayer.class);
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 16, 16);
    assertThat(loaded.output(x)).isEqualTo(net.output(x));
  }

  private static MultiLayerNetwork network(ConvolutionLayer.Builder first, int channels, ConvolutionMode mode,
                                           int stride, boolean bias, DataType type) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(type).seed(7).updater(new NoOp())
        .list()
        .layer(first.nOut(4).stride(stride, stride).convolutionMode(mode).hasBias(bias).activation(Activation.TANH)
            .build())
        .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG).kernelSize(2, 2).stride(2, 2).build())
        .layer(new ConvolutionLayer.Builder(3, 3).nOut(5).activation(Activation.TANH).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
            .build())
        .setInputType(InputType.convolutional(16, 16, channels))
        .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  private static INDArray gradient(MultiLayerNetwork net, INDArray x, INDArray labels) {
    net.setInput(x);
    net.setLabels(labels);
    net.computeGradientAndScore();
    return net.gradient().gradient().dup();
  }
}
