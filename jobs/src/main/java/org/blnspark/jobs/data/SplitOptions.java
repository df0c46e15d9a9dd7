package org.blnspark.jobs.data;

import org.blnspark.model.zoo.ModelSettings;
import org.blnspark.model.BadInputException;

/**
 * How {@link DatasetPreparer} splits and encodes a raw dataset.
 *
 * <p>Fashion-MNIST has an official test file, so {@code testFraction} is not used for it: the
 * validation split is {@code validationFraction} of the official training file. SpamAssassin has no
 * official split: its messages are shuffled with {@code seed}, and {@code testFraction} and
 * {@code validationFraction} of them are held out. In both, {@code trainFraction} of what is left
 * for training is kept (the paper kept 0.2).
 *
 * @param seed the seed of the shuffle that decides which example goes to which split
 * @param limit at most this many examples per split, the first ones after the shuffle; 0 for no
 *     limit. For quick runs and tests.
 * @param sequenceLength text: the number of token ids per example
 * @param vocabularySize text: the number of ids, padding (0) and out-of-vocabulary (1) included
 */
public record SplitOptions(long seed, double validationFraction, double testFraction, double trainFraction,
    int limit, int sequenceLength, int vocabularySize) {

  public SplitOptions {
    requireOpenUnit("validation fraction", validationFraction);
    requireOpenUnit("test fraction", testFraction);
    if (validationFraction + testFraction >= 1) {
      throw new BadInputException("validation fraction + test fraction must be below 1, got "
          + validationFraction + " + " + testFraction);
    }
    if (!(trainFraction > 0 && trainFraction <= 1)) {
      throw new BadInputException("train fraction must be in (0, 1], got " + trainFraction);
    }
    if (limit < 0) {
      throw new BadInputException("limit must be 0 (no limit) or positive, got " + limit);
    }
    if (sequenceLength < 1) {
      throw new BadInputException("sequence length must be at least 1, got " + sequenceLength);
    }
    if (vocabularySize < 2) {
      throw new BadInputException("vocabulary size must be at least 2 (padding and out-of-vocabulary), got "
          + vocabularySize);
    }
  }

  /** The project's one default seed, for the splits as for the weights. */
  public static final long DEFAULT_SEED = ModelSettings.DEFAULT_SEED;
  public static final double DEFAULT_VALIDATION_FRACTION = 0.1;
  public static final double DEFAULT_TEST_FRACTION = 0.2;
  /** The paper's Keras pipeline keeps 80 tokens. */
  public static final int DEFAULT_SEQUENCE_LENGTH = 80;
  public static final int DEFAULT_VOCABULARY_SIZE = 20_000;

  /** The defaults: all of the training split, no limit. */
  public static SplitOptions defaults() {
    return new SplitOptions(DEFAULT_SEED, DEFAULT_VALIDATION_FRACTION, DEFAULT_TEST_FRACTION, 1.0, 0,
        DEFAULT_SEQUENCE_LENGTH, DEFAULT_VOCABULARY_SIZE);
  }

  /** These options with another validation fraction and train fraction. */
  public SplitOptions withFractions(double validationFraction, double trainFraction) {
    return new SplitOptions(seed, validationFraction, testFraction, trainFraction, limit, sequenceLength,
        vocabularySize);
  }

  private static void requireOpenUnit(String name, double value) {
    // Written so that NaN fails too.
    if (!(value > 0 && value < 1)) {
      throw new BadInputException(name + " must be in (0, 1), got " + value);
    }
  }
}
