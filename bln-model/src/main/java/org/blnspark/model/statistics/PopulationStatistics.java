package org.blnspark.model.statistics;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Map;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;
import org.blnspark.model.BatchLayerNormalizationLayer;
import org.blnspark.model.BatchLayerNormalizationParamInitializer;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.LayerInputObserver;
import org.blnspark.model.kernel.BlnKernel;
import org.blnspark.model.kernel.NormalizationShape;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Partial population statistics of every BLN layer of a network (and of its DL4J BatchNormalization
 * layers when a pass observes those too, see {@link ObservedLayers}), keyed by layer name. Partials
 * from different batches or partitions {@link #merge merge} exactly; {@link #applyTo} finishes them
 * into the network's population parameters. As a {@link LayerInputObserver}, it adds every BLN
 * layer input a training-mode forward pass shows it.
 */
public final class PopulationStatistics implements Serializable, LayerInputObserver {
  private static final long serialVersionUID = 3L;

  private final TreeMap<String, LayerStatistics> layers = new TreeMap<>();

  @Override
  public void observe(String layer, BlnKernel.GroupMoments moments, NormalizationShape shape) {
    layers.computeIfAbsent(layer, name -> new LayerStatistics(shape.batchGroups(), shape.featurePositions()))
        .observe(moments, shape);
  }

  public Map<String, LayerStatistics> layers() {
    return Collections.unmodifiableMap(layers);
  }

  public boolean isEmpty() {
    return layers.isEmpty();
  }

  /** Adds another partial into this one and returns this. */
  public PopulationStatistics merge(PopulationStatistics other) {
    for (Map.Entry<String, LayerStatistics> entry : other.layers.entrySet()) {
      layers.computeIfAbsent(entry.getKey(), name -> entry.getValue().emptyCopy()).merge(entry.getValue());
    }
    return this;
  }

  /** Each layer's {@link LayerStatistics#precision precision} under {@code estimator}, by layer name. */
  public Map<String, StatisticsPrecision> precision(PopulationEstimator estimator) {
    Map<String, StatisticsPrecision> out = new TreeMap<>();
    layers.forEach((name, statistics) -> out.put(name, statistics.precision(estimator)));
    return out;
  }

  /** The layers whose statistics under {@code estimator} hold a value that is not finite, which no network should get. */
  public List<String> nonFiniteLayers(PopulationEstimator estimator) {
    List<String> out = new ArrayList<>();
    layers.forEach((name, statistics) -> {
      PopulationValues values = statistics.estimate(estimator);
      if (Stream.of(values.batchMean(), values.batchVar(), values.featureMean(), values.featureVar())
          .flatMapToDouble(DoubleStream::of).anyMatch(v -> !Double.isFinite(v))) {
        out.add(name);
      }
    });
    return out;
  }

  /**
   * Writes the finished statistics into the population parameters of the network's layers of the
   * same names: BLN's four, or the global mean and variance of a DL4J BatchNormalization layer.
   */
  public void applyTo(Model net, PopulationEstimator estimator) {
    for (Map.Entry<String, LayerStatistics> entry : layers.entrySet()) {
      PopulationValues values = entry.getValue().estimate(estimator);
      Layer layer = BlnNetworks.layer(net, entry.getKey());
      if (layer instanceof BatchNormalization bn) {
        applyTo(bn, values);
        continue;
      }
      BatchLayerNormalizationLayer bln = (BatchLayerNormalizationLayer) layer;
      assign(bln.getParam(BatchLayerNormalizationParamInitializer.BATCH_MEAN), values.batchMean());
      assign(bln.getParam(BatchLayerNormalizationParamInitializer.BATCH_VAR), values.batchVar());
      assign(bln.getParam(BatchLayerNormalizationParamInitializer.FEATURE_MEAN), values.featureMean());
      assign(bln.getParam(BatchLayerNormalizationParamInitializer.FEATURE_VAR), values.featureVar());
      bln.setPopulationCollected(true);
    }
  }

  /**
   * DL4J 1.0.0-M2's BN keeps its global variance as such, or as the base-10 logarithm of its square
   * root, and adds its epsilon at inference.
   */
  private static void applyTo(BatchNormalization bn, PopulationValues values) {
    assign(bn.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN), values.batchMean());
    if (bn.layerConf().isUseLogStd()) {
      assign(bn.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD),
          DoubleStream.of(values.batchVar()).map(var -> Math.log10(Math.sqrt(var))).toArray());
    } else {
      assign(bn.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR), values.batchVar());
    }
  }

  private static void assign(INDArray param, double[] values) {
    param.assign(Nd4j.createFromArray(values).reshape(param.shape()).castTo(param.dataType()));
  }
}
