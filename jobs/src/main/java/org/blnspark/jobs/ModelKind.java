package org.blnspark.jobs;

/** The networks a training job can build. */
public enum ModelKind {
  /** The paper's LeNet-style CNN, for images. */
  LENET,
  /** The paper's embedding + LSTM text model, for token sequences. */
  LSTM,
  /** A small MLP, for users' own tabular data. */
  MLP
}
