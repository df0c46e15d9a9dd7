package org.blnspark.model;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The BLN layers of a trained network of either kind ({@link BlnNetwork}), and their learned
 * state, changed without retraining.
 */
public final class BlnNetworks {
  private BlnNetworks() {}

  /** The BLN layers that hold population statistics, in the network's layer order. */
  public static List<BatchLayerNormalizationLayer> blnLayers(Model network) {
    List<BatchLayerNormalizationLayer> bln = new ArrayList<>();
    for (Layer layer : BlnNetwork.of(network).layers()) {
      if (layer instanceof BatchLayerNormalizationLayer b && b.layerConf().hasPopulationStatistics()) {
        bln.add(b);
      }
    }
    return bln;
  }

  /** The network's layer of that name. */
  public static Layer layer(Model network, String name) {
    Layer layer = BlnNetwork.of(network).layerOrNull(name);
    if (layer == null) {
      throw new IllegalArgumentException("the network has no layer '" + name + "'");
    }
    return layer;
  }

  /** Chooses where every BLN layer takes its four statistics from at inference. */
  public static void setInference(Model network, StatisticSources inference) {
    for (BatchLayerNormalizationLayer layer : blnLayers(network)) {
      layer.setInference(inference);
    }
  }

  /**
   * Records the mini-batch size whose mixing weights inference uses. Training in this JVM records
   * it by itself; a distributed trainer sets it on the driver's copy.
   */
  public static void setTrainingBatchSize(Model network, int batchSize) {
    for (BatchLayerNormalizationLayer layer : blnLayers(network)) {
      layer.setTrainingBatchSize(batchSize);
    }
  }

  /** The network's output for one batch, as DL4J computes it; {@code featuresMask} may be null. */
  public static INDArray output(Model network, INDArray features, INDArray featuresMask, boolean training) {
    return BlnNetwork.of(network).output(features, featuresMask, training);
  }

  /** The network's output layer; a graph must have exactly one. */
  public static Layer outputLayer(Model network) {
    return BlnNetwork.of(network).outputLayer();
  }

  /** DL4J's score of one batch at inference: the mean loss per example, regularisation included. */
  public static double score(Model network, DataSet batch) {
    return BlnNetwork.of(network).score(batch);
  }
}
