package org.blnspark.spark;

import org.blnspark.model.BatchLayerNormalizationLayer;
import org.blnspark.model.BlnCalls;
import org.blnspark.model.BlnNetwork;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.StatisticSources;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * One mini-batch through a network once per inference configuration, at inference, without
 * changing a layer: each configuration is a {@link BlnCalls#inferringFrom} call. In a
 * MultiLayerNetwork the layers before the first BLN layer do not depend on the configuration, so
 * they run once per batch (in the text model that is the embedding and the first LSTM, most of
 * the work); a graph runs whole, through DL4J's own output, per configuration.
 */
abstract sealed class ConfigurationForward permits ConfigurationForward.Layered, ConfigurationForward.Graph {
  static ConfigurationForward of(Model net) {
    return BlnNetwork.of(net).either(Layered::new, Graph::new);
  }

  /** Makes {@code batch} the one that {@link #output} computes. */
  abstract void prepare(DataSet batch);

  /** The prepared batch's output when every BLN layer infers from {@code sources}. */
  abstract INDArray output(StatisticSources sources);

  /** Lets go of the last batch, which each layer keeps as its input, off-heap. */
  abstract void clear();

  static final class Layered extends ConfigurationForward {
    private final MultiLayerNetwork net;
    private final int firstBln;
    private INDArray beforeBln;
    private int batchSize;

    Layered(MultiLayerNetwork net) {
      this.net = net;
      int first = net.getnLayers();
      for (int i = net.getnLayers() - 1; i >= 0; i--) {
        if (net.getLayer(i) instanceof BatchLayerNormalizationLayer) {
          first = i;
        }
      }
      this.firstBln = first;
    }

    @Override
    void prepare(DataSet batch) {
      batchSize = batch.numExamples();
      net.clearLayerMaskArrays();
      if (batch.getFeaturesMaskArray() != null) {
        net.setLayerMaskArrays(batch.getFeaturesMaskArray(), null);
      }
      beforeBln = forward(0, firstBln, batch.getFeatures());
    }

    @Override
    INDArray output(StatisticSources sources) {
      return BlnCalls.inferringFrom(sources, () -> forward(firstBln, net.getnLayers(), beforeBln));
    }

    /**
     * Layers [from, to) at inference, each after its input preprocessor, as {@code net.output} runs
     * them; a preprocessor may need the mini-batch size to undo a reshape.
     */
    private INDArray forward(int from, int to, INDArray x) {
      LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.noWorkspaces();
      for (int i = from; i < to; i++) {
        InputPreProcessor preProcessor = net.getLayerWiseConfigurations().getInputPreProcess(i);
        x = net.getLayer(i).activate(preProcessor == null ? x : preProcessor.preProcess(x, batchSize, workspaces),
            false, workspaces);
      }
      return x;
    }

    @Override
    void clear() {
      beforeBln = null;
      net.clearLayerMaskArrays();
      net.clearLayersStates();
    }
  }

  static final class Graph extends ConfigurationForward {
    private final ComputationGraph net;
    private DataSet batch;

    Graph(ComputationGraph net) {
      this.net = net;
    }

    @Override
    void prepare(DataSet batch) {
      this.batch = batch;
    }

    @Override
    INDArray output(StatisticSources sources) {
      return BlnCalls.inferringFrom(sources,
          () -> BlnNetworks.output(net, batch.getFeatures(), batch.getFeaturesMaskArray(), false));
    }

    @Override
    void clear() {
      batch = null;
      net.clearLayersStates();
    }
  }
}
