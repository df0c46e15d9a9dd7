package org.blnspark.model.onnx;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;

/**
 * DL4J's BatchNormalization at inference: its running statistics make it one affine map per
 * feature or channel, {@code y = x·γ/σ + (β − μ·γ/σ)} with {@code σ = sqrt(var + ε)}. A layer that
 * keeps the log of its standard deviation has {@code var = 10^(2·log10stdev)}, and ε is still
 * added: measured on DL4J M2's oneDNN build, leaving it out is 4e-4 off in LeNet's probabilities.
 */
final class BatchNormTranslator implements LayerTranslator {
  @Override
  public String translate(org.deeplearning4j.nn.conf.layers.Layer configuration, Layer layer, Value input,
                          Translation t) {
    BatchNormalization conf = (BatchNormalization) configuration;
    int channels = Math.toIntExact(conf.getNOut());
    float[] mean = Translation.floats(layer, BatchNormalizationParamInitializer.GLOBAL_MEAN);
    float[] spread = Translation.floats(layer, conf.isUseLogStd() ? BatchNormalizationParamInitializer.GLOBAL_LOG_STD
        : BatchNormalizationParamInitializer.GLOBAL_VAR);
    float[] gamma = conf.isLockGammaBeta() ? null : Translation.floats(layer, BatchNormalizationParamInitializer.GAMMA);
    float[] beta = conf.isLockGammaBeta() ? null : Translation.floats(layer, BatchNormalizationParamInitializer.BETA);
    float[] scale = new float[channels];
    float[] shift = new float[channels];
    for (int c = 0; c < channels; c++) {
      double variance = conf.isUseLogStd() ? Math.pow(10, 2.0 * spread[c]) : spread[c];
      double std = Math.sqrt(variance + conf.getEps());
      double g = gamma == null ? conf.getGamma() : gamma[c];
      double b = beta == null ? conf.getBeta() : beta[c];
      scale[c] = (float) (g / std);
      shift[c] = (float) (b - mean[c] * g / std);
    }
    long[] dims = switch (input.type().getType()) {
      case FF -> new long[] {channels};
      case CNN -> conf.getCnn2DFormat() == CNN2DFormat.NHWC ? new long[] {channels} : new long[] {channels, 1, 1};
      default -> throw new UnsupportedNetworkException(Translation.describe(configuration) + " on " + input.type()
          + " input has no ONNX translation");
    };
    OnnxGraph g = t.graph;
    String scaled = g.node("Mul", conf.getLayerName() + "_scaled", OnnxGraph.of(input.name(),
        g.floats("bn_scale", dims, scale)));
    return g.node("Add", conf.getLayerName(), OnnxGraph.of(scaled, g.floats("bn_shift", dims, shift)));
  }
}
