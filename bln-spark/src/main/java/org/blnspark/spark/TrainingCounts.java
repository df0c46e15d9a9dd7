package org.blnspark.spark;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A network's iteration and epoch counts, which DL4J keeps in its configuration for either kind:
 * Adam's bias correction and every schedule read them, so the workers must train from the
 * driver's.
 */
final class TrainingCounts {
  private TrainingCounts() {}

  static int iteration(Model net) {
    return net instanceof ComputationGraph graph ? graph.getConfiguration().getIterationCount()
        : ((MultiLayerNetwork) net).getLayerWiseConfigurations().getIterationCount();
  }

  static int epoch(Model net) {
    return net instanceof ComputationGraph graph ? graph.getConfiguration().getEpochCount()
        : ((MultiLayerNetwork) net).getLayerWiseConfigurations().getEpochCount();
  }

  static void set(Model net, int iteration, int epoch) {
    if (net instanceof ComputationGraph graph) {
      graph.getConfiguration().setIterationCount(iteration);
      graph.getConfiguration().setEpochCount(epoch);
    } else {
      ((MultiLayerNetwork) net).getLayerWiseConfigurations().setIterationCount(iteration);
      ((MultiLayerNetwork) net).getLayerWiseConfigurations().setEpochCount(epoch);
    }
  }
}
