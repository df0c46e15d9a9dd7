package org.blnspark.model.onnx;

import org.deeplearning4j.nn.api.Layer;

/** Writes one kind of DL4J layer into an ONNX graph. */
interface LayerTranslator {
  /**
   * Adds the nodes that compute {@code layer}'s inference output from {@code input}, in DL4J's
   * layout, and returns the output's name.
   */
  String translate(Layer layer, Value input, Translation t);
}
