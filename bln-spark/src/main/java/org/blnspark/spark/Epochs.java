package org.blnspark.spark;

import static org.blnspark.model.Arguments.requireAtLeast;

import java.io.Serializable;

/**
 * The epochs one fit trains, numbered from 1 over the whole run: {@code Epochs.of(10)} is a fresh
 * run of ten, {@code Epochs.range(4, 10)} the last seven of a run resumed after three.
 */
public record Epochs(int first, int last) implements Serializable {
  public Epochs {
    requireAtLeast(1, first, "first epoch");
    if (last < first) {
      throw new IllegalArgumentException("the last epoch, " + last + ", comes before the first, " + first);
    }
  }

  /** Epochs 1 to {@code count}. */
  public static Epochs of(int count) {
    requireAtLeast(1, count, "epochs");
    return new Epochs(1, count);
  }

  public static Epochs range(int first, int last) {
    return new Epochs(first, last);
  }

  /** How many epochs the range holds. */
  public int count() {
    return last - first + 1;
  }
}
