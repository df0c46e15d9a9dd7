package org.blnspark.model.statistics;

import org.blnspark.model.BlnCalls;
import org.blnspark.model.BlnNetworks;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The statistics pass in one JVM: DL4J's own forward pass in training mode, exactly as the layers
 * see their input while training, with every BLN layer's input recorded (see
 * {@link BlnCalls#observing}). No backward pass is run and no parameter changes. Each call returns
 * a partial that merges with partials from other batches or machines. Serves either kind of
 * network.
 */
public final class PopulationStatisticsCollector {
  private PopulationStatisticsCollector() {}

  /** The partial statistics of one mini-batch's BLN layers; {@code featuresMask} may be null. */
  public static PopulationStatistics observe(Model net, INDArray features, INDArray featuresMask) {
    return observe(net, features, featuresMask, ObservedLayers.BLN);
  }

  /** The partial statistics of one mini-batch, of the {@code observed} layers; {@code featuresMask} may be null. */
  public static PopulationStatistics observe(Model net, INDArray features, INDArray featuresMask,
                                             ObservedLayers observed) {
    PopulationStatistics stats = new PopulationStatistics();
    if (observed == ObservedLayers.BLN_AND_BATCH_NORMALIZATION && BatchNormalizationInputs.present(net)) {
      // One forward pass: the BLN layers in it report their input as in the pass below.
      BlnCalls.observing(stats, () -> {
        BatchNormalizationInputs.observe(net, features, featuresMask, stats);
        return null;
      });
    } else {
      BlnCalls.observing(stats, () -> BlnNetworks.output(net, features, featuresMask, true));
    }
    return stats;
  }

  /** The partial statistics of one mini-batch without a mask. */
  public static PopulationStatistics observe(Model net, INDArray features) {
    return observe(net, features, null);
  }

  /** The partial statistics of every mini-batch of an iterator, which is reset first. */
  public static PopulationStatistics collect(Model net, DataSetIterator batches) {
    PopulationStatistics stats = new PopulationStatistics();
    if (batches.resetSupported()) {
      batches.reset();
    }
    while (batches.hasNext()) {
      DataSet batch = batches.next();
      stats.merge(observe(net, batch.getFeatures(), batch.getFeaturesMaskArray()));
    }
    return stats;
  }

  /** Collects over the iterator and writes the statistics into the network. */
  public static PopulationStatistics fill(Model net, DataSetIterator batches, PopulationEstimator estimator) {
    PopulationStatistics stats = collect(net, batches);
    stats.applyTo(net, estimator);
    return stats;
  }
}
