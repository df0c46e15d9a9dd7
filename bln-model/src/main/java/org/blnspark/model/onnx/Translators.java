package org.blnspark.model.onnx;

import java.util.Map;
import org.blnspark.model.BatchLayerNormalization;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;

/**
 * The translator of each layer configuration type that exports, by exact type: a subclass may
 * compute something else, so it is refused rather than guessed. Dropout is absent at inference.
 */
final class Translators {
  private static final LayerTranslator IDENTITY = (layer, input, t) -> input.name();

  private static final Map<Class<?>, LayerTranslator> BY_TYPE = Map.of(
      DenseLayer.class, new DenseTranslator(),
      OutputLayer.class, new DenseTranslator(),
      ConvolutionLayer.class, new ConvolutionTranslator(),
      SubsamplingLayer.class, new SubsamplingTranslator(),
      BatchLayerNormalization.class, new BlnTranslator(),
      BatchNormalization.class, new BatchNormTranslator(),
      ActivationLayer.class, new ActivationTranslator(),
      GlobalPoolingLayer.class, new GlobalPoolingTranslator(),
      DropoutLayer.class, IDENTITY);

  private Translators() {}

  static LayerTranslator of(Layer layer) {
    LayerTranslator translator = BY_TYPE.get(layer.conf().getLayer().getClass());
    if (translator == null) {
      throw new UnsupportedNetworkException(Translation.describe(layer) + " has no ONNX translation");
    }
    return translator;
  }
}
