package org.blnspark.jobs.cli;

import org.blnspark.jobs.data.Split;
import picocli.CommandLine.Option;

/** A trained model, the data it scores and which of its rows: what predict and recalibrate read. */
final class ScoringInput {
  @Option(names = "--model", required = true, description = "a model.zip written by 'bln train'")
  String model;

  @Option(names = "--data", required = true, description = "a dataset written by 'bln prepare', or your own Parquet "
      + "(a 'features' column of arrays or ML vectors) or CSV (a path ending in .csv; every column but 'label' is a "
      + "feature) in the model's feature layout")
  String data;

  @Option(names = "--split", description = "of a prepared dataset: train, validation, test or all (default: test "
      + "for predict, train for recalibrate)")
  SplitChoice split;

  /** The split chosen, or {@code byDefault}; null for all rows. */
  Split split(Split byDefault) {
    return split == null ? byDefault : split.split();
  }

  /** What --split names: one split of a prepared dataset, or all of its rows (a null split). */
  record SplitChoice(Split split) {
    static SplitChoice parse(String name) {
      return name.trim().equalsIgnoreCase("all") ? new SplitChoice(null) : new SplitChoice(Split.parse(name));
    }
  }
}
