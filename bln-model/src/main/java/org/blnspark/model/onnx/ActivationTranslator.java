package org.blnspark.model.onnx;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;

/** An activation layer: its function, element-wise. */
final class ActivationTranslator implements LayerTranslator {
  @Override
  public String translate(org.deeplearning4j.nn.conf.layers.Layer configuration, Layer layer, Value input,
                          Translation t) {
    ActivationLayer conf = (ActivationLayer) configuration;
    return Activations.apply(t.graph, conf.getActivationFn(), input.name(), Translation.describe(configuration));
  }
}
