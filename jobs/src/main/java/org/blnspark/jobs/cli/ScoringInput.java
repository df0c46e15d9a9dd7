package org.blnspark.jobs.cli;

import picocli.CommandLine.Option;

/** A trained model and the data it scores: what predict and recalibrate read. */
final class ScoringInput {
  @Option(names = "--model", required = true, description = "a model.zip written by 'bln train'")
  String model;

  @Option(names = "--data", required = true, description = "a dataset written by 'bln prepare', or your own Parquet "
      + "(a 'features' column of arrays or ML vectors) or CSV (a path ending in .csv; every column but 'label' is a "
      + "feature) in the model's feature layout")
  String data;
}
