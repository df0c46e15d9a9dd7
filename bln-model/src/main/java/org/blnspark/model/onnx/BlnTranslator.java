package org.blnspark.model.onnx;

import static org.blnspark.model.BatchLayerNormalizationParamInitializer.BATCH_MEAN;
import static org.blnspark.model.BatchLayerNormalizationParamInitializer.BATCH_VAR;
import static org.blnspark.model.BatchLayerNormalizationParamInitializer.BETA;
import static org.blnspark.model.BatchLayerNormalizationParamInitializer.FEATURE_MEAN;
import static org.blnspark.model.BatchLayerNormalizationParamInitializer.FEATURE_VAR;
import static org.blnspark.model.BatchLayerNormalizationParamInitializer.GAMMA;

import org.blnspark.model.BatchLayerNormalization;
import org.blnspark.model.BatchLayerNormalizationLayer;
import org.blnspark.model.InputLayout;
import org.blnspark.model.Mixing;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.StatisticsAxes;
import org.blnspark.model.kernel.MixingWeights;
import org.blnspark.model.kernel.NdArrays;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * BLN at inference under a batch-independent configuration (docs/maths.md): the batch statistics
 * are the population's, so {@code γ·s·w_B·x̂_B + β} is a fixed affine map of {@code x}, one factor
 * and one offset per element of an example. What remains is {@code γ·s·w_F·x̂_F}, whose feature
 * statistics are the example's own (a ReduceMean over its feature axes) or the population's:
 * <pre>  y = a ⊙ x̂_F + k ⊙ x + b,   a = γ·s·w_F,  k = γ·s·w_B / sqrt(σ²_B + ε),  b = β − k ⊙ μ_B</pre>
 * with the mixing weights of the recorded training batch size. Every constant is written with the
 * shape of one example in the layer's layout. Layer normalisation ({@link Mixing#LAYER}) is the
 * same with {@code w_F = 1}, {@code w_B = 0} and {@code s = 1}.
 */
final class BlnTranslator implements LayerTranslator {
  @Override
  public String translate(org.deeplearning4j.nn.conf.layers.Layer configuration, Layer layer, Value input,
                          Translation t) {
    BatchLayerNormalizationLayer bln = (BatchLayerNormalizationLayer) layer;
    BatchLayerNormalization conf = bln.layerConf();
    String owner = Translation.describe(configuration);
    boolean layerNorm = conf.getMixing() == Mixing.LAYER;
    StatisticSources from = layerNorm ? StatisticSources.ALL_MINI_BATCH : t.inference;
    if (!layerNorm) {
      if (!from.batchIndependent()) {
        throw new UnsupportedNetworkException(owner + ": inference configuration " + from + " depends on the "
            + "batch; ONNX export needs a batch-independent one: " + StatisticSources.batchIndependentOnes());
      }
      if (!bln.isPopulationCollected()) {
        throw new UnsupportedNetworkException(owner + ": its population statistics were never collected; run "
            + "PopulationStatisticsCollector.fill after training");
      }
      if (bln.trainingBatchSize() == 0) {
        throw new UnsupportedNetworkException(owner + ": no training batch size was recorded, so its mixing "
            + "weights would depend on the batch; set it with BlnNetworks.setTrainingBatchSize");
      }
    }
    ExampleShape shape = ExampleShape.of(conf, input.type());
    int d = shape.d;
    int positions = shape.positions;
    MixingWeights w = layerNorm ? MixingWeights.LAYER_ONLY : MixingWeights.batchLayer(bln.trainingBatchSize(), d);
    double eps = conf.getEps();
    double[] gamma = NdArrays.toDoubles(bln.getParam(GAMMA));
    double[] beta = NdArrays.toDoubles(bln.getParam(BETA));
    double[] batchMean = layerNorm ? null : NdArrays.toDoubles(bln.getParam(BATCH_MEAN));
    double[] batchVar = layerNorm ? null : NdArrays.toDoubles(bln.getParam(BATCH_VAR));
    double[] featureMean = from.featureMeanFromPopulation() ? NdArrays.toDoubles(bln.getParam(FEATURE_MEAN)) : null;
    double[] featureVar = from.featureVarFromPopulation() ? NdArrays.toDoubles(bln.getParam(FEATURE_VAR)) : null;
    boolean conventional = conf.getAxes() == StatisticsAxes.CONVENTIONAL;
    boolean pooledFeature = conventional && conf.getInputLayout().isConvolutional();

    int size = d * positions;
    float[] a = new float[size];
    float[] k = new float[size];
    float[] b = new float[size];
    float[] mu = new float[size];
    float[] inv = new float[size];
    for (int c = 0; c < d; c++) {
      double scaledGamma = gamma[c] * w.scale();
      for (int p = 0; p < positions; p++) {
        int e = shape.offset(c, p);
        double factor = 0;
        double offset = beta[c];
        if (!layerNorm) {
          int group = conventional ? c : c * positions + p;
          factor = scaledGamma * w.batch() / Math.sqrt(batchVar[group] + eps);
          offset -= factor * batchMean[group];
        }
        int featurePosition = pooledFeature ? 0 : p;
        double featureInv = featureVar == null ? 0 : 1 / Math.sqrt(featureVar[featurePosition] + eps);
        double featureMu = featureMean == null ? 0 : featureMean[featurePosition];
        double feature = scaledGamma * w.feature();
        if (featureMean != null && featureVar != null) {
          // Every statistic is a constant: the whole layer is one affine map.
          factor += feature * featureInv;
          offset -= feature * featureInv * featureMu;
        }
        a[e] = (float) feature;
        k[e] = (float) factor;
        b[e] = (float) offset;
        mu[e] = (float) featureMu;
        inv[e] = (float) featureInv;
      }
    }

    OnnxGraph g = t.graph;
    String name = conf.getLayerName();
    String x = input.name();
    String y;
    if (featureMean != null && featureVar != null) {
      y = g.node("Mul", name + "_scaled", OnnxGraph.of(x, g.floats("k", shape.dims, k)));
    } else {
      long[] axes = shape.featureAxes(pooledFeature);
      String mean = featureMean != null ? g.floats("feature_mean", shape.dims, mu)
          : g.node("ReduceMean", name + "_feature_mean", OnnxGraph.of(x), OnnxGraph.attribute("axes", axes));
      String invStd;
      if (featureVar != null) {
        invStd = g.floats("feature_inv_std", shape.dims, inv);
      } else {
        String ownMean = featureMean == null ? mean
            : g.node("ReduceMean", name + "_feature_mean", OnnxGraph.of(x), OnnxGraph.attribute("axes", axes));
        String deviation = g.node("Sub", name + "_deviation", OnnxGraph.of(x, ownMean));
        String variance = g.node("ReduceMean", name + "_feature_var",
            OnnxGraph.of(g.node("Mul", name + "_squared", OnnxGraph.of(deviation, deviation))),
            OnnxGraph.attribute("axes", axes));
        String std = g.node("Sqrt", name + "_feature_std",
            OnnxGraph.of(g.node("Add", name + "_var_eps", OnnxGraph.of(variance, g.scalar("eps", (float) eps)))));
        invStd = g.node("Reciprocal", name + "_feature_inv_std", OnnxGraph.of(std));
      }
      String normalised = g.node("Mul", name + "_x_hat_f",
          OnnxGraph.of(g.node("Sub", name + "_centred", OnnxGraph.of(x, mean)), invStd));
      y = g.node("Mul", name + "_feature_part", OnnxGraph.of(normalised, g.floats("a", shape.dims, a)));
      if (!layerNorm) {
        String batchPart = g.node("Mul", name + "_batch_part", OnnxGraph.of(x, g.floats("k", shape.dims, k)));
        y = g.node("Add", name + "_mixed", OnnxGraph.of(y, batchPart));
      }
    }
    y = g.node("Add", name, OnnxGraph.of(y, g.floats("b", shape.dims, b)));
    InputLayout layout = conf.getInputLayout();
    if (t.paddingMasked && (layout == InputLayout.NCW || layout == InputLayout.NWC)) {
      // DL4J's layer writes 0 at the padded steps; a layer after it that runs through them (an LSTM) sees those.
      y = t.zeroPadding(y, layout == InputLayout.NWC, name);
    }
    return y;
  }

  /** One example's shape in the layer's layout, and where element (c, p) of {@code [d, P]} sits in it. */
  private record ExampleShape(long[] dims, int d, int positions, boolean channelsLast) {
    static ExampleShape of(BatchLayerNormalization conf, InputType type) {
      int d = Math.toIntExact(conf.getNIn());
      int p = Math.toIntExact(conf.getPositions());
      InputLayout layout = conf.getInputLayout();
      return switch (layout) {
        case DENSE -> new ExampleShape(new long[] {d}, d, p, false);
        case NCW -> new ExampleShape(new long[] {d, p}, d, p, false);
        case NWC -> new ExampleShape(new long[] {p, d}, d, p, true);
        case NCHW, NHWC -> {
          InputType.InputTypeConvolutional image = (InputType.InputTypeConvolutional) type;
          long h = image.getHeight();
          long w = image.getWidth();
          yield layout == InputLayout.NCHW ? new ExampleShape(new long[] {d, h, w}, d, p, false)
              : new ExampleShape(new long[] {h, w, d}, d, p, true);
        }
      };
    }

    int offset(int c, int p) {
      return channelsLast ? p * d + c : c * positions + p;
    }

    /** The axes of a batch tensor that an example's feature statistics reduce over. */
    long[] featureAxes(boolean pooled) {
      if (pooled) {
        return dims.length == 3 ? new long[] {1, 2, 3} : new long[] {1, 2};
      }
      return new long[] {channelsLast ? dims.length : 1};
    }
  }
}
