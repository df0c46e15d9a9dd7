package org.blnspark.model.onnx;

import org.deeplearning4j.nn.api.Layer;

/** Writes one kind of DL4J layer into an ONNX graph. */
interface LayerTranslator {
  /**
   * Adds the nodes that compute the layer's inference output from {@code input}, in DL4J's layout,
   * and returns the output's name.
   *
   * @param configuration the layer's configuration, as the network's configuration holds it (a
   *     wrapper's runtime layer answers with the wrapped layer's)
   * @param layer the runtime layer, which holds the parameters
   */
  String translate(org.deeplearning4j.nn.conf.layers.Layer configuration, Layer layer, Value input, Translation t);
}
