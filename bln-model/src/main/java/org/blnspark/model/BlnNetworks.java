package org.blnspark.model;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The BLN layers of a trained network of either kind, a {@link MultiLayerNetwork} or a
 * {@link ComputationGraph}, and their learned state, changed without retraining.
 */
public final class BlnNetworks {
  private BlnNetworks() {}

  /** The BLN layers that hold population statistics, in the network's layer order. */
  public static List<BatchLayerNormalizationLayer> blnLayers(Model network) {
    List<BatchLayerNormalizationLayer> bln = new ArrayList<>();
    for (Layer layer : layers(network)) {
      if (layer instanceof BatchLayerNormalizationLayer b && b.layerConf().hasPopulationStatistics()) {
        bln.add(b);
      }
    }
    return bln;
  }

  /** The network's layer of that name. */
  public static Layer layer(Model network, String name) {
    Layer layer = network instanceof ComputationGraph graph ? graph.getLayer(name)
        : ((MultiLayerNetwork) network).getLayer(name);
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
    if (network instanceof ComputationGraph graph) {
      return graph.output(training, new INDArray[] {features},
          featuresMask == null ? null : new INDArray[] {featuresMask})[0];
    }
    return ((MultiLayerNetwork) network).output(features, training, featuresMask, null);
  }

  /** The network's output layer; a graph must have exactly one. */
  public static Layer outputLayer(Model network) {
    if (network instanceof ComputationGraph graph) {
      if (graph.getNumOutputArrays() != 1) {
        throw new IllegalArgumentException("the graph has " + graph.getNumOutputArrays() + " outputs; one is needed");
      }
      return graph.getOutputLayer(0);
    }
    return ((MultiLayerNetwork) network).getOutputLayer();
  }

  /** DL4J's score of one batch at inference: the mean loss per example, regularisation included. */
  public static double score(Model network, DataSet batch) {
    return network instanceof ComputationGraph graph ? graph.score(batch, false)
        : ((MultiLayerNetwork) network).score(batch, false);
  }

  private static Layer[] layers(Model network) {
    return network instanceof ComputationGraph graph ? graph.getLayers() : ((MultiLayerNetwork) network).getLayers();
  }
}
