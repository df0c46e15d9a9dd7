package org.blnspark.model.statistics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.blnspark.model.BatchLayerNormalizationLayer;
import org.blnspark.model.BatchLayerNormalizationParamInitializer;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.kernel.NdArrays;
import org.deeplearning4j.nn.api.Model;

/**
 * How far new data's statistics have moved from those a model was trained with, for every BLN
 * layer: for each batch statistic's group (a feature, or a feature at a position), the shift of the
 * new data's mean in units of the population standard deviation, {@code (μ_new − μ_pop) /
 * sqrt(σ²_pop + ε)}, and the ratio of the variances, {@code (σ²_new + ε) / (σ²_pop + ε)}. The new
 * statistics are the pooled ones of a statistics pass over the new data, with the model's weights.
 *
 * @param layers in the network's order of layer names
 */
public record StatisticsDrift(List<Layer> layers) {
  /**
   * One layer's drift.
   *
   * @param shifts per group, signed
   * @param varianceRatios per group
   */
  public record Layer(String name, double[] shifts, double[] varianceRatios) {
    public double meanAbsoluteShift() {
      return Arrays.stream(shifts).map(Math::abs).average().orElse(0);
    }

    public double maxAbsoluteShift() {
      return Arrays.stream(shifts).map(Math::abs).max().orElse(0);
    }

    public double medianVarianceRatio() {
      return new Median().evaluate(varianceRatios);
    }

    /** The share of groups whose mean moved by more than {@code shiftThreshold} standard deviations. */
    public double shareShiftedBeyond(double shiftThreshold) {
      return Arrays.stream(shifts).filter(s -> Math.abs(s) > shiftThreshold).count() / (double) shifts.length;
    }

    /**
     * True when the layer's input has drifted: its mean absolute shift exceeds {@code shiftThreshold}
     * standard deviations, or its median variance ratio leaves [1/r, r] for {@code r = ratioThreshold}.
     */
    public boolean drifted(double shiftThreshold, double ratioThreshold) {
      double ratio = medianVarianceRatio();
      return meanAbsoluteShift() > shiftThreshold || ratio > ratioThreshold || ratio < 1 / ratioThreshold;
    }
  }

  /**
   * The drift of {@code observed}, a statistics pass over new data, from {@code net}'s population
   * statistics, which must have been collected.
   */
  public static StatisticsDrift of(Model net, PopulationStatistics observed) {
    List<Layer> layers = new ArrayList<>();
    for (Map.Entry<String, LayerStatistics> entry : observed.layers().entrySet()) {
      BatchLayerNormalizationLayer layer = (BatchLayerNormalizationLayer) BlnNetworks.layer(net, entry.getKey());
      if (!layer.isPopulationCollected()) {
        throw new IllegalStateException(entry.getKey() + ": the model's population statistics were never collected, "
            + "so there is nothing to compare the new data with");
      }
      double eps = layer.layerConf().getEps();
      double[] mean = NdArrays.toDoubles(layer.getParam(BatchLayerNormalizationParamInitializer.BATCH_MEAN));
      double[] variance = NdArrays.toDoubles(layer.getParam(BatchLayerNormalizationParamInitializer.BATCH_VAR));
      PopulationValues now = entry.getValue().estimate(PopulationEstimator.POOLED);
      double[] shifts = new double[mean.length];
      double[] ratios = new double[mean.length];
      for (int g = 0; g < mean.length; g++) {
        shifts[g] = (now.batchMean()[g] - mean[g]) / Math.sqrt(variance[g] + eps);
        ratios[g] = (now.batchVar()[g] + eps) / (variance[g] + eps);
      }
      layers.add(new Layer(entry.getKey(), shifts, ratios));
    }
    return new StatisticsDrift(layers);
  }
}
