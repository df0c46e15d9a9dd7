package org.blnspark.model.zoo;

import java.util.Locale;

/** The built-in networks, each for one kind of input. */
public enum PaperModel {
  /** The paper's LeNet-style CNN, for images. */
  LENET("image data"),
  /** The paper's embedding + LSTM text model, for token sequences. */
  LSTM("token sequences"),
  /** A small MLP, for any flat features, such as a user's own tabular data. */
  MLP("flat features"),
  /** A small residual CNN, a ComputationGraph, for images ({@link ResidualCnn}). */
  RESNET("image data");

  private final String input;

  PaperModel(String input) {
    this.input = input;
  }

  /** True when this model can read examples of that shape. */
  public boolean accepts(InputShape shape) {
    return switch (this) {
      case LENET, RESNET -> shape instanceof InputShape.Image;
      case LSTM -> shape instanceof InputShape.Tokens;
      case MLP -> true;
    };
  }

  /** What the model reads, for messages such as "the lstm model needs token sequences". */
  public String describeInput() {
    return "the " + name().toLowerCase(Locale.ROOT) + " model needs " + input;
  }

  /** The network's configuration for examples of {@code shape}, which this model must {@link #accepts accept}. */
  public NetworkConfiguration configuration(ModelSettings settings, InputShape shape) {
    if (!accepts(shape)) {
      throw new IllegalArgumentException(describeInput() + ", got " + shape);
    }
    if (this == MLP) {
      return new NetworkConfiguration.Layered(PaperModels.mlp(settings, shape.features()));
    }
    if (shape instanceof InputShape.Tokens tokens) {
      return new NetworkConfiguration.Layered(PaperModels.textClassifier(settings, tokens.vocabularySize(),
          settings.embeddingSize(), tokens.sequenceLength()));
    }
    InputShape.Image image = (InputShape.Image) shape;
    return this == RESNET
        ? new NetworkConfiguration.Graph(ResidualCnn.configuration(settings, image.height(), image.width(),
            image.channels()))
        : new NetworkConfiguration.Layered(PaperModels.lenet(settings, image.height(), image.width(),
            image.channels()));
  }
}
