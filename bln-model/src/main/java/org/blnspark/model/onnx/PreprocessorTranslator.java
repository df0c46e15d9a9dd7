package org.blnspark.model.onnx;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToRnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;

/** DL4J's reshaping preprocessors between dense, image and sequence activations. */
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
    if (preprocessor instanceof RnnToFeedForwardPreProcessor rnn) {
      long size = ((InputType.InputTypeRecurrent) input.type()).getSize();
      String stepsLast = rnn.getRnnDataFormat() == RNNFormat.NWC ? x
          : g.node("Transpose", x + "_nwc", OnnxGraph.of(x), OnnxGraph.attribute("perm", 0, 2, 1));
      return g.node("Reshape", x + "_steps", OnnxGraph.of(stepsLast, g.longs("steps_shape", -1, size)));
    }
    if (preprocessor instanceof FeedForwardToRnnPreProcessor rnn) {
      long size = ((InputType.InputTypeFeedForward) input.type()).getSize();
      String shape = g.node("Concat", x + "_sequence_shape", OnnxGraph.of(t.batchSize(), g.longs("rest", -1, size)),
          OnnxGraph.attribute("axis", 0L));
      String stepsLast = g.node("Reshape", x + "_nwc", OnnxGraph.of(x, shape));
      return rnn.getRnnDataFormat() == RNNFormat.NWC ? stepsLast
          : g.node("Transpose", x + "_ncw", OnnxGraph.of(stepsLast), OnnxGraph.attribute("perm", 0, 2, 1));
    }
    throw new UnsupportedNetworkException(owner + ": its input preprocessor "
        + preprocessor.getClass().getSimpleName() + " has no ONNX translation");
  }
}
