package org.blnspark.model.onnx;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;

/** A dense layer or an output layer on {@code [m, nIn]}: {@code activation(x·W + b)}; W is {@code [nIn, nOut]}. */
final class DenseTranslator implements LayerTranslator {
  @Override
  public String translate(org.deeplearning4j.nn.conf.layers.Layer configuration, Layer layer, Value input,
                          Translation t) {
    FeedForwardLayer conf = (FeedForwardLayer) configuration;
    String weights = t.graph.floats("W", Translation.dims(conf.getNIn(), conf.getNOut()),
        Translation.floats(layer, DefaultParamInitializer.WEIGHT_KEY));
    String name = conf.getLayerName();
    String product;
    if (layer.getParam(DefaultParamInitializer.BIAS_KEY) != null) {
      String bias = t.graph.floats("b", Translation.dims(conf.getNOut()),
          Translation.floats(layer, DefaultParamInitializer.BIAS_KEY));
      product = t.graph.node("Gemm", name, OnnxGraph.of(input.name(), weights, bias));
    } else {
      product = t.graph.node("MatMul", name, OnnxGraph.of(input.name(), weights));
    }
    return Activations.apply(t.graph, conf.getActivationFn(), product, Translation.describe(configuration));
  }
}
