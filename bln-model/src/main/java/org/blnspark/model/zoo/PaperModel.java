package org.blnspark.model.zoo;

import java.util.Locale;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;

/** The built-in networks, each for one kind of input. */
public enum PaperModel {
  /** The paper's LeNet-style CNN, for images. */
  LENET("image data"),
  /** The paper's embedding + LSTM text model, for token sequences. */
  LSTM("token sequences"),
  /** A small MLP, for any flat features, such as a user's own tabular data. */
  MLP("flat features");

  private final String input;

  PaperModel(String input) {
    this.input = input;
  }

  /** True when this model can read examples of that shape. */
  public boolean accepts(InputShape shape) {
    return switch (this) {
      case LENET -> shape instanceof InputShape.Image;
      case LSTM -> shape instanceof InputShape.Tokens;
      case MLP -> true;
    };
  }

  /** What the model reads, for messages such as "the lstm model needs token sequences". */
  public String describeInput() {
    return "the " + name().toLowerCase(Locale.ROOT) + " model needs " + input;
  }

  /** The network's configuration for examples of {@code shape}, which this model must {@link #accepts accept}. */
  public MultiLayerConfiguration configuration(ModelSettings settings, InputShape shape) {
    if (!accepts(shape)) {
      throw new IllegalArgumentException(describeInput() + ", got " + shape);
    }
    return switch (this) {
      case LENET -> {
        InputShape.Image image = (InputShape.Image) shape;
        yield PaperModels.lenet(settings, image.height(), image.width(), image.channels());
      }
      case LSTM -> {
        InputShape.Tokens tokens = (InputShape.Tokens) shape;
        yield PaperModels.textClassifier(settings, tokens.vocabularySize(), settings.embeddingSize(),
            tokens.sequenceLength());
      }
      case MLP -> PaperModels.mlp(settings, shape.features());
    };
  }
}
