package org.blnspark.model.zoo;

import static org.blnspark.model.Arguments.requireAtLeast;

/**
 * What one example is, as a network's input: every example travels as a flat row of
 * {@link #features()} numbers, and the shape says how the first layers read that row.
 */
public sealed interface InputShape permits InputShape.Image, InputShape.Tokens, InputShape.Tabular {
  /** The width of the flat row of numbers one example is stored and fed as. */
  int features();

  /** Images, each row the pixels of {@code height × width × channels}, as DL4J's convolutionalFlat reads them. */
  record Image(int height, int width, int channels) implements InputShape {
    public Image {
      requireAtLeast(1, height, "height");
      requireAtLeast(1, width, "width");
      requireAtLeast(1, channels, "channels");
    }

    @Override
    public int features() {
      return height * width * channels;
    }
  }

  /**
   * Token sequences of a fixed length, each number an id below {@code vocabularySize} (padding 0
   * and out-of-vocabulary 1 included), as an embedding layer reads them.
   */
  record Tokens(int sequenceLength, int vocabularySize) implements InputShape {
    public Tokens {
      requireAtLeast(1, sequenceLength, "sequence length");
      if (vocabularySize < 2) {
        throw new IllegalArgumentException("a vocabulary holds padding and out-of-vocabulary ids at least, got "
            + vocabularySize);
      }
    }

    @Override
    public int features() {
      return sequenceLength;
    }
  }

  /** Plain numeric features. */
  record Tabular(int features) implements InputShape {
    public Tabular {
      requireAtLeast(1, features, "features");
    }
  }
}
