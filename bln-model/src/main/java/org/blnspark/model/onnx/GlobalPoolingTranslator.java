package org.blnspark.model.onnx;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;

/**
 * Global average, maximum or sum pooling over an image's positions or a sequence's steps, to
 * {@code [m, channels]}. A sequence's padded steps, under sequence lengths, take no part, as
 * under DL4J's mask.
 */
final class GlobalPoolingTranslator implements LayerTranslator {
  private static final float LOWEST = -Float.MAX_VALUE;

  @Override
  public String translate(Layer layer, Value input, Translation t) {
    GlobalPoolingLayer conf = (GlobalPoolingLayer) layer.conf().getLayer();
    String owner = Translation.describe(layer);
    if (!conf.isCollapseDimensions()) {
      throw new UnsupportedNetworkException(owner + ": pooling without collapsing the dimensions has no ONNX "
          + "translation");
    }
    long[] axes;
    boolean sequence = false;
    boolean stepsLast = true;
    if (input.type() instanceof InputType.InputTypeConvolutional image) {
      axes = image.getFormat() == CNN2DFormat.NHWC ? new long[] {1, 2} : new long[] {2, 3};
    } else if (input.type() instanceof InputType.InputTypeRecurrent steps) {
      sequence = true;
      stepsLast = steps.getFormat() != RNNFormat.NWC;
      axes = new long[] {stepsLast ? 2 : 1};
    } else {
      throw new UnsupportedNetworkException(owner + " on " + input.type() + " input has no ONNX translation");
    }
    OnnxGraph g = t.graph;
    String x = input.name();
    String name = conf.getLayerName();
    String mask = null;
    if (sequence && t.steps() != null) {
      mask = g.node("Unsqueeze", name + "_mask", OnnxGraph.of(t.steps().mask(), g.longs("axis", stepsLast ? 1 : 2)));
    }
    return switch (conf.getPoolingType()) {
      case AVG -> {
        if (mask == null) {
          yield reduce(g, "ReduceMean", name, x, axes);
        }
        String sum = reduce(g, "ReduceSum", name + "_sum", g.node("Mul", name + "_masked", OnnxGraph.of(x, mask)), axes);
        yield g.node("Div", name, OnnxGraph.of(sum, reduce(g, "ReduceSum", name + "_count", mask, axes)));
      }
      case SUM -> reduce(g, "ReduceSum", name, mask == null ? x
          : g.node("Mul", name + "_masked", OnnxGraph.of(x, mask)), axes);
      case MAX -> {
        String in = x;
        if (mask != null) {
          String real = g.node("Cast", name + "_real", OnnxGraph.of(mask), OnnxGraph.attribute("to", 9L));
          in = g.node("Where", name + "_masked", OnnxGraph.of(real, x, g.scalar("lowest", LOWEST)));
        }
        yield reduce(g, "ReduceMax", name, in, axes);
      }
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
