package org.blnspark.jobs;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An activation that fails as a bug in a forward pass would: whatever the input, with an
 * exception no input check throws. DL4J's JSON names it by its class, so a configuration file can
 * hold it.
 */
public final class FailingActivation extends BaseActivationFunction {
  static final String MESSAGE = "FailingActivation always fails";

  @Override
  public INDArray getActivation(INDArray in, boolean training) {
    throw new IllegalStateException(MESSAGE);
  }

  @Override
  public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
    throw new IllegalStateException(MESSAGE);
  }

  @Override
  public String toString() {
    return "failing";
  }
}
