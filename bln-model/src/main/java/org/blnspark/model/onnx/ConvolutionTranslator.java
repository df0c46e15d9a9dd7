package org.blnspark.model.onnx;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;

/**
 * A 2-D convolution. DL4J's weights are {@code [nOut, nIn, kH, kW]}, as ONNX's; NHWC input is
 * transposed to NCHW and back.
 */
final class ConvolutionTranslator implements LayerTranslator {
  @Override
  public String translate(org.deeplearning4j.nn.conf.layers.Layer configuration, Layer layer, Value input,
                          Translation t) {
    ConvolutionLayer conf = (ConvolutionLayer) configuration;
    InputType.InputTypeConvolutional in = (InputType.InputTypeConvolutional) input.type();
    int[] k = conf.getKernelSize();
    String weights = t.graph.floats("W", Translation.dims(conf.getNOut(), conf.getNIn(), k[0], k[1]),
        Translation.floats(layer, ConvolutionParamInitializer.WEIGHT_KEY));
    Layouts layouts = new Layouts(t.graph, conf.getCnn2dDataFormat());
    String x = layouts.toChannelsFirst(input.name());
    String bias = conf.hasBias() ? t.graph.floats("b", Translation.dims(conf.getNOut()),
        Translation.floats(layer, ConvolutionParamInitializer.BIAS_KEY)) : null;
    long[] pads = Windows.pads(Translation.describe(configuration), conf.getConvolutionMode(), in, k, conf.getStride(),
        conf.getPadding(), conf.getDilation());
    String conv = t.graph.node("Conv", conf.getLayerName(), bias == null ? OnnxGraph.of(x, weights)
            : OnnxGraph.of(x, weights, bias),
        OnnxGraph.attribute("kernel_shape", k[0], k[1]),
        OnnxGraph.attribute("strides", conf.getStride()[0], conf.getStride()[1]),
        OnnxGraph.attribute("dilations", conf.getDilation()[0], conf.getDilation()[1]),
        OnnxGraph.attribute("pads", pads));
    String activated = Activations.apply(t.graph, conf.getActivationFn(), conv, Translation.describe(configuration));
    return layouts.fromChannelsFirst(activated);
  }

  /** Moves between a layer's own 2-D layout and the NCHW that ONNX's convolutions and pools take. */
  record Layouts(OnnxGraph graph, CNN2DFormat format) {
    String toChannelsFirst(String x) {
      return format == CNN2DFormat.NHWC
          ? graph.node("Transpose", x + "_nchw", OnnxGraph.of(x), OnnxGraph.attribute("perm", 0, 3, 1, 2)) : x;
    }

    String fromChannelsFirst(String x) {
      return format == CNN2DFormat.NHWC
          ? graph.node("Transpose", x + "_nhwc", OnnxGraph.of(x), OnnxGraph.attribute("perm", 0, 2, 3, 1)) : x;
    }
  }
}
