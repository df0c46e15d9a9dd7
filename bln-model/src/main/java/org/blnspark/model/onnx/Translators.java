package org.blnspark.model.onnx;

import java.util.Map;
import org.blnspark.model.BatchLayerNormalization;
import org.blnspark.model.convolution.InputConvolution;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;

/**
 * The translator of each layer configuration type that exports, by exact type: a subclass may
 * compute something else, so it is refused rather than guessed. Dropout is absent at inference.
 */
final class Translators {
  private static final LayerTranslator IDENTITY = (configuration, layer, input, t) -> input.name();

  private static final Map<Class<?>, LayerTranslator> BY_TYPE = Map.ofEntries(
      Map.entry(DenseLayer.class, new DenseTranslator()),
      Map.entry(OutputLayer.class, new DenseTranslator()),
      Map.entry(ConvolutionLayer.class, new ConvolutionTranslator()),
      // DL4J's convolution with a backward pass of our own; its forward pass, all that exports, is DL4J's.
      Map.entry(InputConvolution.class, new ConvolutionTranslator()),
      Map.entry(SubsamplingLayer.class, new SubsamplingTranslator()),
      Map.entry(BatchLayerNormalization.class, new BlnTranslator()),
      Map.entry(BatchNormalization.class, new BatchNormTranslator()),
      Map.entry(ActivationLayer.class, new ActivationTranslator()),
      Map.entry(GlobalPoolingLayer.class, new GlobalPoolingTranslator()),
      Map.entry(EmbeddingSequenceLayer.class, new EmbeddingSequenceTranslator()),
      Map.entry(LSTM.class, new LstmTranslator()),
      Map.entry(LastTimeStep.class, new LastTimeStepTranslator()),
      Map.entry(DropoutLayer.class, IDENTITY));

  private Translators() {}

  static LayerTranslator of(org.deeplearning4j.nn.conf.layers.Layer configuration) {
    LayerTranslator translator = BY_TYPE.get(configuration.getClass());
    if (translator == null) {
      throw new UnsupportedNetworkException(Translation.describe(configuration) + " has no ONNX translation");
    }
    return translator;
  }
}
