package org.blnspark.model.statistics;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.blnspark.model.BlnNetwork;
import org.blnspark.model.LayerInputObserver;
import org.blnspark.model.kernel.BlnKernel;
import org.blnspark.model.kernel.Moments;
import org.blnspark.model.kernel.NormalizationShape;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The moments of the input of every DL4J {@link BatchNormalization} layer in one training-mode
 * forward pass, as BN itself normalises them while training: per feature of a dense input, per
 * channel of an image over its examples and positions, and over every row it sees (DL4J's BN takes
 * no mask). BLN's layers report their own input; BN's is read from DL4J's {@code feedForward},
 * which runs them in the same pass.
 */
final class BatchNormalizationInputs {
  private BatchNormalizationInputs() {}

  static boolean present(Model net) {
    return Arrays.stream(BlnNetwork.of(net).layers()).anyMatch(l -> l.conf().getLayer() instanceof BatchNormalization);
  }

  /** Runs one training-mode forward pass and shows {@code observer} each BN layer's input moments. */
  static void observe(Model net, INDArray features, INDArray featuresMask, LayerInputObserver observer) {
    BlnNetwork.of(net).either(layered -> {
      observeLayers(layered, features, featuresMask, observer);
      return null;
    }, graph -> {
      observeGraph(graph, features, featuresMask, observer);
      return null;
    });
  }

  private static void observeLayers(MultiLayerNetwork net, INDArray features, INDArray featuresMask,
                                    LayerInputObserver observer) {
    net.setLayerMaskArrays(featuresMask, null);
    try {
      // Element i is layer i's input before its preprocessor: the network's input, then each layer's output.
      List<INDArray> activations = net.feedForward(features, true);
      for (int i = 0; i < net.getnLayers(); i++) {
        Layer conf = net.getLayer(i).conf().getLayer();
        if (conf instanceof BatchNormalization bn) {
          INDArray input = preProcessed(net.getLayerWiseConfigurations().getInputPreProcess(i), activations.get(i),
              features);
          report(observer, conf.getLayerName(), input, bn);
        }
      }
    } finally {
      net.clearLayerMaskArrays();
    }
  }

  private static void observeGraph(ComputationGraph graph, INDArray features, INDArray featuresMask,
                                   LayerInputObserver observer) {
    graph.setLayerMaskArrays(featuresMask == null ? null : new INDArray[] {featuresMask}, null);
    try {
      Map<String, INDArray> activations = graph.feedForward(new INDArray[] {features}, true);
      for (GraphVertex vertex : graph.getVertices()) {
        BatchNormalization bn = batchNormalization(vertex);
        if (bn != null) {
          String from = graph.getVertices()[vertex.getInputVertices()[0].getVertexIndex()].getVertexName();
          INDArray input = preProcessed(((LayerVertex) vertex).getLayerPreProcessor(), activations.get(from), features);
          report(observer, vertex.getVertexName(), input, bn);
        }
      }
    } finally {
      graph.clearLayerMaskArrays();
    }
  }

  private static BatchNormalization batchNormalization(GraphVertex vertex) {
    return vertex instanceof LayerVertex && vertex.getLayer().conf().getLayer() instanceof BatchNormalization bn
        ? bn : null;
  }

  private static INDArray preProcessed(InputPreProcessor preProcessor, INDArray input, INDArray features) {
    return preProcessor == null ? input
        : preProcessor.preProcess(input, (int) features.size(0), LayerWorkspaceMgr.noWorkspaces());
  }

  /** Shows {@code observer} the moments of one BN layer's input, per feature or channel. */
  private static void report(LayerInputObserver observer, String layer, INDArray input, BatchNormalization bn) {
    INDArray x = canonical(input, bn).castTo(DataType.DOUBLE);
    NormalizationShape shape = new NormalizationShape((int) x.size(0), (int) x.size(1), (int) x.size(2), true, true);
    long count = x.size(0) * x.size(2);
    long[] counts = new long[shape.d()];
    Arrays.fill(counts, count);
    // The biased variance times the count is M2, the sum of squared deviations that Chan's merge takes.
    Moments batch = Moments.of(counts, x.mean(0, 2).toDoubleVector(), x.var(false, 0, 2).muli(count).toDoubleVector());
    observer.observe(layer, new BlnKernel.GroupMoments(batch, Moments.empty(0)), shape);
  }

  /** The input as {@code [m, d, P]}: features or channels in the middle, positions last. */
  private static INDArray canonical(INDArray input, BatchNormalization bn) {
    return switch (input.rank()) {
      case 2 -> input.reshape(input.size(0), input.size(1), 1);
      case 4 -> {
        INDArray channelsFirst = bn.getCnn2DFormat() == CNN2DFormat.NHWC ? input.permute(0, 3, 1, 2) : input;
        yield channelsFirst.dup('c').reshape(channelsFirst.size(0), channelsFirst.size(1), -1);
      }
      default -> throw new IllegalArgumentException("DL4J's BatchNormalization takes input of rank 2 or 4, got "
          + input.rank());
    };
  }
}
