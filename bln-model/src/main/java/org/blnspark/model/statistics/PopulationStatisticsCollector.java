package org.blnspark.model.statistics;

import org.blnspark.model.BatchLayerNormalizationLayer;
import org.blnspark.model.kernel.NormalizationShape;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The statistics pass: forward passes in training mode, exactly as the layers see their input
 * while training, that record each BLN layer's input. No backward pass is run and no parameter
 * changes. Each call returns a partial that merges with partials from other batches or machines.
 */
public final class PopulationStatisticsCollector {
  private PopulationStatisticsCollector() {}

  /** The partial statistics of one mini-batch. */
  public static PopulationStatistics observe(MultiLayerNetwork net, INDArray features) {
    PopulationStatistics stats = new PopulationStatistics();
    int last = lastBlnLayer(net);
    LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.noWorkspaces();
    int m = (int) features.size(0);
    INDArray x = features.castTo(net.getLayerWiseConfigurations().getDataType());
    for (int i = 0; i <= last; i++) {
      InputPreProcessor preProcessor = net.getLayerWiseConfigurations().getInputPreProcess(i);
      if (preProcessor != null) {
        x = preProcessor.preProcess(x, m, workspaces);
      }
      Layer layer = net.getLayer(i);
      if (layer instanceof BatchLayerNormalizationLayer bln && bln.layerConf().hasPopulationStatistics()) {
        NormalizationShape shape = bln.layerConf().shapeFor(m);
        stats.layer(i, shape).observe(bln.canonical(x), shape);
      }
      if (i < last) {
        x = layer.activate(x, true, workspaces);
      }
    }
    return stats;
  }

  /** The partial statistics of every mini-batch of an iterator, which is reset first. */
  public static PopulationStatistics collect(MultiLayerNetwork net, DataSetIterator batches) {
    PopulationStatistics stats = new PopulationStatistics();
    if (batches.resetSupported()) {
      batches.reset();
    }
    while (batches.hasNext()) {
      DataSet batch = batches.next();
      stats.merge(observe(net, batch.getFeatures()));
    }
    return stats;
  }

  /** Collects over the iterator and writes the statistics into the network. */
  public static PopulationStatistics fill(MultiLayerNetwork net, DataSetIterator batches, PopulationEstimator estimator) {
    PopulationStatistics stats = collect(net, batches);
    stats.applyTo(net, estimator);
    return stats;
  }

  private static int lastBlnLayer(MultiLayerNetwork net) {
    int last = -1;
    for (int i = 0; i < net.getnLayers(); i++) {
      if (net.getLayer(i) instanceof BatchLayerNormalizationLayer bln && bln.layerConf().hasPopulationStatistics()) {
        last = i;
      }
    }
    return last;
  }
}
