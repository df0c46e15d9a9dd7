package org.blnspark.model.onnx;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;

/**
 * DL4J's reshaping preprocessors between dense and image activations. The sequence ones
 * (RnnToFeedForward, FeedForwardToRnn: DL4J's BatchNormalization in the text model) are refused:
 * their translation was 4e-3 off DL4J's probabilities, for a reason not yet found.
 */
final class PreprocessorTranslator {
  private PreprocessorTranslator() {}

  /** The preprocessed value's name; {@code owner} names the layer it feeds, for a refusal. */
  static String translate(InputPreProcessor preprocessor, Value input, Translation t, String owner) {
    OnnxGraph g = t.graph;
    String x = input.name();
    if (preprocessor instanceof FeedForwardToCnnPreProcessor cnn) {
      // DL4J M2 reshapes a flat row to NCHW in row-major order.
      return g.node("Reshape", x + "_image", OnnxGraph.of(x, g.longs("image_shape", -1, cnn.getNumChannels(),
          cnn.getInputHeight(), cnn.getInputWidth())));
    }
    if (preprocessor instanceof CnnToFeedForwardPreProcessor) {
      // Row-major in the layout the activations have, NCHW or NHWC.
      return g.node("Flatten", x + "_flat", OnnxGraph.of(x), OnnxGraph.attribute("axis", 1L));
    }
    throw new UnsupportedNetworkException(owner + ": its input preprocessor "
        + preprocessor.getClass().getSimpleName() + " has no ONNX translation");
  }
}
