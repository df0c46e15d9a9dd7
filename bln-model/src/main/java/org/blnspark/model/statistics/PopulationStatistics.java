package org.blnspark.model.statistics;

import org.blnspark.model.BatchLayerNormalization;
import org.blnspark.model.BatchLayerNormalizationParamInitializer;
import org.blnspark.model.kernel.NormalizationShape;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Partial population statistics of every BLN layer of a network, keyed by layer index. Partials
 * from different batches or partitions {@link #merge merge} exactly; {@link #applyTo} finishes them
 * into the network's population parameters.
 */
public final class PopulationStatistics implements Serializable {
  private static final long serialVersionUID = 1L;

  private final TreeMap<Integer, LayerStatistics> layers = new TreeMap<>();

  /** The partial of one layer, created empty on first use. */
  LayerStatistics layer(int index, NormalizationShape shape) {
    return layers.computeIfAbsent(index, i -> new LayerStatistics(shape.batchGroups(), shape.featurePositions()));
  }

  public Map<Integer, LayerStatistics> layers() {
    return Collections.unmodifiableMap(layers);
  }

  public boolean isEmpty() {
    return layers.isEmpty();
  }

  /** Adds another partial into this one and returns this. */
  public PopulationStatistics merge(PopulationStatistics other) {
    for (Map.Entry<Integer, LayerStatistics> entry : other.layers.entrySet()) {
      layers.computeIfAbsent(entry.getKey(), i -> entry.getValue().emptyCopy()).merge(entry.getValue());
    }
    return this;
  }

  /** Writes the finished statistics into the network's population parameters. */
  public void applyTo(MultiLayerNetwork net, PopulationEstimator estimator) {
    for (Map.Entry<Integer, LayerStatistics> entry : layers.entrySet()) {
      PopulationValues values = entry.getValue().estimate(estimator);
      org.deeplearning4j.nn.api.Layer layer = net.getLayer(entry.getKey());
      assign(layer.getParam(BatchLayerNormalizationParamInitializer.BATCH_MEAN), values.batchMean());
      assign(layer.getParam(BatchLayerNormalizationParamInitializer.BATCH_VAR), values.batchVar());
      assign(layer.getParam(BatchLayerNormalizationParamInitializer.FEATURE_MEAN), values.featureMean());
      assign(layer.getParam(BatchLayerNormalizationParamInitializer.FEATURE_VAR), values.featureVar());
      ((BatchLayerNormalization) layer.conf().getLayer()).setPopulationCollected(true);
    }
  }

  private static void assign(INDArray param, double[] values) {
    param.assign(Nd4j.createFromArray(values).reshape(param.shape()).castTo(param.dataType()));
  }
}
