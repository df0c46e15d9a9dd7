package org.blnspark.model;

import org.blnspark.model.kernel.NormalizationShape;

/** Sees the input of every BLN layer that a training-mode forward pass runs, as the statistics pass needs it. */
@FunctionalInterface
public interface LayerInputObserver {
  /**
   * @param layer the layer's name, unique in its network
   * @param input the layer's input in the kernel's {@code [m, d, P]} order
   * @param shape the input's statistics geometry
   */
  void observe(String layer, double[] input, NormalizationShape shape);
}
