package org.blnspark.jobs.data;

import java.util.Arrays;
import java.util.Random;
import org.blnspark.model.BadInputException;

/**
 * Which examples, by index, make up each split. The examples are shuffled with the seed of the
 * {@link SplitOptions} and cut in that order, so the same seed gives the same splits on any machine
 * ({@link Random} is specified exactly), and the limit keeps the first examples of each split.
 */
record SplitAssignment(int[] train, int[] validation, int[] test) {

  /**
   * For a dataset with an official test set (Fashion-MNIST): validation comes from the training
   * set, and the whole test set is the test split.
   */
  static SplitAssignment withOfficialTest(int trainingSetSize, int testSetSize, SplitOptions options) {
    int[] order = shuffled(trainingSetSize, options.seed());
    int validation = share(trainingSetSize, options.validationFraction());
    return cut(order, validation, shuffled(testSetSize, options.seed()), options);
  }

  /** For a dataset without an official split (SpamAssassin): test and validation are held out of it. */
  static SplitAssignment heldOut(int size, SplitOptions options) {
    int[] order = shuffled(size, options.seed());
    int test = share(size, options.testFraction());
    int validation = share(size, options.validationFraction());
    return cut(Arrays.copyOfRange(order, test, size), validation, Arrays.copyOf(order, test), options);
  }

  /** The first {@code validation} of {@code order} validate; trainFraction of the rest trains. */
  private static SplitAssignment cut(int[] order, int validation, int[] test, SplitOptions options) {
    int train = share(order.length - validation, options.trainFraction());
    if (train == 0) {
      throw new BadInputException("no training examples left: " + order.length + " examples, validation fraction "
          + options.validationFraction() + ", train fraction " + options.trainFraction());
    }
    int limit = options.limit() == 0 ? Integer.MAX_VALUE : options.limit();
    return new SplitAssignment(
        Arrays.copyOfRange(order, validation, validation + Math.min(train, limit)),
        Arrays.copyOf(order, Math.min(validation, limit)),
        Arrays.copyOf(test, Math.min(test.length, limit)));
  }

  private static int share(int size, double fraction) {
    return (int) Math.round(size * fraction);
  }

  private static int[] shuffled(int size, long seed) {
    int[] order = new int[size];
    Arrays.setAll(order, i -> i);
    Random random = new Random(seed);
    for (int i = size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }
}
