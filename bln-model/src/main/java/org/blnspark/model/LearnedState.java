package org.blnspark.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a BLN layer knows after training besides its weights: the mini-batch size whose mixing
 * weights inference uses, whether its population statistics were ever collected, and which
 * inference configuration was chosen. It lives in the layer's {@code state} parameter, never in
 * the configuration, so that it serializes with the parameters and travels to and from Spark
 * workers with them: no optimiser changes it (NoOp updater, zero gradient), and averaging
 * identical values leaves them as they are.
 */
final class LearnedState {
  static final int LENGTH = 3;
  private static final int TRAINING_BATCH_SIZE = 0;
  private static final int COLLECTED = 1;
  private static final int INFERENCE = 2;

  private LearnedState() {}

  /** The state of a new layer: its configuration's initial batch size and inference configuration, nothing collected. */
  static void initialise(INDArray state, BatchLayerNormalization conf) {
    state.putScalar(TRAINING_BATCH_SIZE, conf.getInitialTrainingBatchSize());
    state.putScalar(COLLECTED, 0);
    state.putScalar(INFERENCE, conf.getInitialInference().index());
  }

  /** The training mini-batch size, 0 until the layer has been trained. */
  static int trainingBatchSize(INDArray state) {
    return (int) Math.round(state.getDouble(TRAINING_BATCH_SIZE));
  }

  static void setTrainingBatchSize(INDArray state, int batchSize) {
    state.putScalar(TRAINING_BATCH_SIZE, batchSize);
  }

  static boolean populationCollected(INDArray state) {
    return state.getDouble(COLLECTED) > 0.5;
  }

  static void setPopulationCollected(INDArray state, boolean collected) {
    state.putScalar(COLLECTED, collected ? 1 : 0);
  }

  static StatisticSources inference(INDArray state) {
    return StatisticSources.ofIndex((int) Math.round(state.getDouble(INFERENCE)));
  }

  static void setInference(INDArray state, StatisticSources inference) {
    state.putScalar(INFERENCE, inference.index());
  }
}
