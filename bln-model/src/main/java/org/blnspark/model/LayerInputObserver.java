package org.blnspark.model;

import org.blnspark.model.kernel.BlnKernel;
import org.blnspark.model.kernel.NormalizationShape;

/**
 * Sees the moments of the input of every BLN layer that a training-mode forward pass runs, as the
 * statistics pass needs them; the layer computes them for its own forward pass anyway.
 */
@FunctionalInterface
public interface LayerInputObserver {
  /**
   * @param layer the layer's name, unique in its network
   * @param moments the batch and feature moments of the layer's input, padded steps left out
   * @param shape the input's statistics geometry
   */
  void observe(String layer, BlnKernel.GroupMoments moments, NormalizationShape shape);
}
