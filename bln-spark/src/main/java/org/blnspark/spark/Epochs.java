package org.blnspark.spark;

import static org.blnspark.model.Arguments.requireAtLeast;

import java.io.Serializable;

/**
 * The epochs one fit trains, numbered from 1 over the whole run: {@code Epochs.of(10)} is a fresh
 * run of ten, {@code Epochs.range(4, 10)} the last seven of a run resumed after three.
 *
 * @param lastEpochExamples train the last epoch on only this many examples, the first of its
 *     seeded order (the end of a budget of updates), or on all when 0
 */
public record Epochs(int first, int last, int lastEpochExamples) implements Serializable {
  public Epochs {
    requireAtLeast(1, first, "first epoch");
    if (last < first) {
      throw new IllegalArgumentException("the last epoch, " + last + ", comes before the first, " + first);
    }
    requireAtLeast(0, lastEpochExamples, "examples of the last epoch");
  }

  /** Epochs 1 to {@code count}. */
  public static Epochs of(int count) {
    requireAtLeast(1, count, "epochs");
    return new Epochs(1, count, 0);
  }

  public static Epochs range(int first, int last) {
    return new Epochs(first, last, 0);
  }

  /** These epochs, the last cut to its first {@code examples} examples. */
  public Epochs endingAfter(int examples) {
    return new Epochs(first, last, examples);
  }

  /**
   * The epochs that give each worker exactly {@code updates} mini-batch updates on {@code examples}
   * training examples, dealt by {@code settings} to {@code workers}: whole epochs, then the part of
   * one more that makes up the rest (a whole number of mini-batches for every worker). The same
   * budget therefore trains the same number of steps whatever the batch size and workers.
   */
  public static Epochs forUpdates(long updates, int examples, TrainerSettings settings, int workers) {
    requireAtLeast(1, updates, "updates");
    int perEpoch = AveragingRounds.miniBatchesOfFirstWorker(examples, settings.batchSizePerWorker(),
        settings.averagingFrequency(), workers);
    long whole = updates / perEpoch;
    long rest = updates % perEpoch;
    if (rest == 0) {
      return of(Math.toIntExact(whole));
    }
    return new Epochs(1, Math.toIntExact(whole + 1),
        Math.toIntExact(rest * settings.batchSizePerWorker() * workers));
  }

  /** How many epochs the range holds. */
  public int count() {
    return last - first + 1;
  }
}
