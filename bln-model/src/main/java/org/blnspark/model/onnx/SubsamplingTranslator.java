package org.blnspark.model.onnx;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;

/** A 2-D max or average pool; the average counts the padding or not, as the layer says. */
final class SubsamplingTranslator implements LayerTranslator {
  @Override
  public String translate(org.deeplearning4j.nn.conf.layers.Layer configuration, Layer layer, Value input,
                          Translation t) {
    SubsamplingLayer conf = (SubsamplingLayer) configuration;
    String owner = Translation.describe(configuration);
    if (conf.getClass() != SubsamplingLayer.class) {
      throw new UnsupportedNetworkException(owner + " has no ONNX translation");
    }
    int[] k = conf.getKernelSize();
    int[] dilation = conf.getDilation();
    long[] pads = Windows.pads(owner, conf.getConvolutionMode(), (InputType.InputTypeConvolutional) input.type(), k,
        conf.getStride(), conf.getPadding(), dilation);
    ConvolutionTranslator.Layouts layouts = new ConvolutionTranslator.Layouts(t.graph, conf.getCnn2dDataFormat());
    String x = layouts.toChannelsFirst(input.name());
    String pooled = switch (conf.getPoolingType()) {
      case MAX -> t.graph.node("MaxPool", conf.getLayerName(), OnnxGraph.of(x),
          OnnxGraph.attribute("kernel_shape", k[0], k[1]),
          OnnxGraph.attribute("strides", conf.getStride()[0], conf.getStride()[1]),
          OnnxGraph.attribute("dilations", dilation[0], dilation[1]), OnnxGraph.attribute("pads", pads));
      case AVG -> {
        if (dilation[0] != 1 || dilation[1] != 1) {
          throw new UnsupportedNetworkException(owner + ": a dilated average pool has no ONNX translation");
        }
        yield t.graph.node("AveragePool", conf.getLayerName(), OnnxGraph.of(x),
            OnnxGraph.attribute("kernel_shape", k[0], k[1]),
            OnnxGraph.attribute("strides", conf.getStride()[0], conf.getStride()[1]),
            OnnxGraph.attribute("pads", pads),
            OnnxGraph.attribute("count_include_pad", conf.isAvgPoolIncludePadInDivisor() ? 1L : 0L));
      }
      default -> throw new UnsupportedNetworkException(owner + ": pooling type " + conf.getPoolingType()
          + " has no ONNX translation");
    };
    return layouts.fromChannelsFirst(pooled);
  }
}
