package org.blnspark.model;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Settings of every BLN layer in a trained network, changed without retraining. */
public final class BlnNetworks {
  private BlnNetworks() {}

  /** The configurations of the BLN layers that hold population statistics, in layer order. */
  public static List<BatchLayerNormalization> blnLayers(Model network) {
    Layer[] layers = network instanceof ComputationGraph graph
        ? graph.getLayers()
        : ((MultiLayerNetwork) network).getLayers();
    List<BatchLayerNormalization> bln = new ArrayList<>();
    for (Layer layer : layers) {
      if (layer instanceof BatchLayerNormalizationLayer b && b.layerConf().hasPopulationStatistics()) {
        bln.add(b.layerConf());
      }
    }
    return bln;
  }

  /** Chooses where every BLN layer takes its four statistics from at inference. */
  public static void setInference(Model network, StatisticSources inference) {
    for (BatchLayerNormalization layer : blnLayers(network)) {
      layer.setInference(inference);
    }
  }

  /**
   * Records the mini-batch size whose mixing weights inference uses. Training in this JVM records
   * it by itself; a distributed trainer sets it on the driver's copy, since workers' changes to
   * the configuration never come back.
   */
  public static void setTrainingBatchSize(Model network, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("training batch size must be at least 1, got " + batchSize);
    }
    for (BatchLayerNormalization layer : blnLayers(network)) {
      layer.setTrainingBatchSize(batchSize);
    }
  }
}
