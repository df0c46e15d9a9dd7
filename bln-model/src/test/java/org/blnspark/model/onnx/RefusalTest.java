package org.blnspark.model.onnx;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.blnspark.model.BatchLayerNormalization;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.StatisticSources;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.ElementWiseMultiplicationLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** What the exporter refuses, by name, before it writes a byte. */
class RefusalTest {
  @Test
  void aLayerWithoutATranslationIsNamedWithItsType() {
    MultiLayerNetwork net = network(new ElementWiseMultiplicationLayer.Builder().nIn(8).nOut(8).name("gate").build());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(() -> OnnxExport.write(net, StatisticSources.REFERENCE_DEFAULT, out))
        .isInstanceOf(UnsupportedNetworkException.class)
        .hasMessage("layer 'gate' (ElementWiseMultiplicationLayer) has no ONNX translation");
    org.assertj.core.api.Assertions.assertThat(out.size()).isZero();
  }

  @Test
  void aBatchDependentConfigurationIsRefusedWithTheBatchIndependentOnes() {
    MultiLayerNetwork net = network(new BatchLayerNormalization.Builder().build());
    assertThatThrownBy(() -> OnnxExport.write(net, StatisticSources.parse("PBPP"), new ByteArrayOutputStream()))
        .isInstanceOf(UnsupportedNetworkException.class).hasMessageContaining("PBPP depends on the batch")
        .hasMessageContaining("PPBB, PPBP, PPPB, PPPP");
  }

  @Test
  void uncollectedPopulationStatisticsAreRefused() {
    MultiLayerNetwork net = network(new BatchLayerNormalization.Builder().name("bln").build());
    BlnNetworks.setTrainingBatchSize(net, 25);
    assertThatThrownBy(() -> OnnxExport.write(net, StatisticSources.REFERENCE_DEFAULT, new ByteArrayOutputStream()))
        .isInstanceOf(UnsupportedNetworkException.class)
        .hasMessageContaining("layer 'bln' (BatchLayerNormalization): its population statistics were never collected");
  }

  @Test
  void poolingOverMaskedSequencesIsRefusedByName() {
    MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
        .layer(new EmbeddingSequenceLayer.Builder().nIn(20).nOut(4).inputLength(6).build())
        .layer(new LSTM.Builder().nOut(5).activation(Activation.TANH).build())
        .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).name("pool").build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX).build())
        .setInputType(InputType.recurrent(1, 6)).overrideNinUponBuild(false).build());
    net.init();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(() -> OnnxExport.write(net, new OnnxExport.Options(StatisticSources.REFERENCE_DEFAULT,
        List.of(), true), out)).isInstanceOf(UnsupportedNetworkException.class)
        .hasMessage("layer 'pool' (GlobalPoolingLayer): pooling over masked sequences has no ONNX translation yet");
    org.assertj.core.api.Assertions.assertThat(out.size()).isZero();
  }

  private static MultiLayerNetwork network(org.deeplearning4j.nn.conf.layers.Layer middle) {
    MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
        .layer(new DenseLayer.Builder().nOut(8).activation(Activation.TANH).build())
        .layer(middle)
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
        .setInputType(InputType.feedForward(5)).build());
    net.init();
    return net;
  }
}
