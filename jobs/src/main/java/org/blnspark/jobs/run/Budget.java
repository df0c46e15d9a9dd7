package org.blnspark.jobs.run;

import java.io.Serializable;
import java.util.Locale;
import org.blnspark.model.Arguments;
import org.blnspark.spark.Epochs;
import org.blnspark.spark.TrainerSettings;

/**
 * How long a run trains: a number of epochs, or a number of parameter updates (mini-batch steps
 * of each worker), which is the same whatever the batch size and workers, and so separates
 * "bigger batches" from "fewer steps" in the batch-size study.
 *
 * @param updates true for a budget of updates, false for one of epochs
 */
public record Budget(boolean updates, long amount) implements Serializable {
  public Budget {
    Arguments.requireAtLeast(1, amount, updates ? "updates" : "epochs");
  }

  public static Budget epochs(int count) {
    return new Budget(false, count);
  }

  /** Parses {@code epochs:N} or {@code updates:N}. */
  public static Budget parse(String spec) {
    String[] parts = spec.trim().toLowerCase(Locale.ROOT).split(":");
    if (parts.length == 2 && (parts[0].equals("epochs") || parts[0].equals("updates"))) {
      try {
        return new Budget(parts[0].equals("updates"), Long.parseLong(parts[1]));
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException("a budget is epochs:N or updates:N, got '" + spec + "'");
  }

  /** The epochs of a run on {@code examples} training examples, dealt by {@code trainer} to {@code workers}. */
  public Epochs epochs(int examples, TrainerSettings trainer, int workers) {
    return updates ? Epochs.forUpdates(amount, examples, trainer, workers) : Epochs.of(Math.toIntExact(amount));
  }

  @Override
  public String toString() {
    return (updates ? "updates:" : "epochs:") + amount;
  }
}
