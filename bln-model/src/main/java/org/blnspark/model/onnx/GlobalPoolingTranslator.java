package org.blnspark.model.onnx;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;

/** Global average, maximum or sum pooling over an image's positions or a sequence's steps, to {@code [m, channels]}. */
final class GlobalPoolingTranslator implements LayerTranslator {
  @Override
  public String translate(org.deeplearning4j.nn.conf.layers.Layer configuration, Layer layer, Value input,
                          Translation t) {
    GlobalPoolingLayer conf = (GlobalPoolingLayer) configuration;
    String owner = Translation.describe(configuration);
    if (!conf.isCollapseDimensions()) {
      throw new UnsupportedNetworkException(owner + ": pooling without collapsing the dimensions has no ONNX "
          + "translation");
    }
    long[] axes;
    if (input.type() instanceof InputType.InputTypeConvolutional image) {
      axes = image.getFormat() == CNN2DFormat.NHWC ? new long[] {1, 2} : new long[] {2, 3};
    } else if (input.type() instanceof InputType.InputTypeRecurrent steps) {
      if (t.paddingMasked) {
        throw new UnsupportedNetworkException(owner + ": pooling over masked sequences has no ONNX translation yet");
      }
      axes = new long[] {steps.getFormat() == RNNFormat.NWC ? 1 : 2};
    } else {
      throw new UnsupportedNetworkException(owner + " on " + input.type() + " input has no ONNX translation");
    }
    OnnxGraph g = t.graph;
    String x = input.name();
    String name = conf.getLayerName();
    return switch (conf.getPoolingType()) {
      case AVG -> reduce(g, "ReduceMean", name, x, axes);
      case SUM -> reduce(g, "ReduceSum", name, x, axes);
      case MAX -> reduce(g, "ReduceMax", name, x, axes);
      default -> throw new UnsupportedNetworkException(owner + ": pooling type " + conf.getPoolingType()
          + " has no ONNX translation");
    };
  }

  private static String reduce(OnnxGraph g, String op, String name, String x, long[] axes) {
    if (op.equals("ReduceSum")) {
      // Opset 13 takes ReduceSum's axes as an input, the other reductions' as an attribute.
      return g.node(op, name, OnnxGraph.of(x, g.longs("axes", axes)), OnnxGraph.attribute("keepdims", 0L));
    }
    return g.node(op, name, OnnxGraph.of(x), OnnxGraph.attribute("axes", axes), OnnxGraph.attribute("keepdims", 0L));
  }
}
