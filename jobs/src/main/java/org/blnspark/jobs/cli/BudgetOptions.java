package org.blnspark.jobs.cli;

import org.blnspark.jobs.run.Budget;
import org.blnspark.jobs.run.TrainSettings;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** How long a run trains, and when it stops early: what train and sweep take. */
final class BudgetOptions {
  @ArgGroup(exclusive = true)
  Length length;

  @Option(names = "--early-stopping-patience", defaultValue = "0", description = "stop after this many epochs "
      + "without a lower validation loss and publish the best epoch's model (default: 0, never)")
  int patience;

  /** The length of a run, in one of two units: --epochs N is --budget epochs:N. */
  static final class Length {
    @Option(names = "--epochs", required = true, description = "passes over the training data (default: "
        + TrainSettings.DEFAULT_EPOCHS + "); the same as --budget epochs:N")
    int epochs;

    @Option(names = "--budget", required = true, description = "how long to train: epochs:N, or updates:N, N "
        + "mini-batch updates per worker whatever the batch size and workers (the last epoch cut short where needed)")
    Budget budget;
  }

  Budget budget() {
    return length != null && length.budget != null ? length.budget : Budget.epochs(nominalEpochs());
  }

  /** The epochs a cosine schedule spans: --epochs, or its default when the budget is given otherwise. */
  int nominalEpochs() {
    return length != null && length.budget == null ? length.epochs : TrainSettings.DEFAULT_EPOCHS;
  }
}
