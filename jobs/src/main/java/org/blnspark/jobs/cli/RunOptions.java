package org.blnspark.jobs.cli;

import org.blnspark.model.zoo.ModelSettings;
import org.blnspark.model.zoo.Normalization;
import org.blnspark.spark.TrainerSettings;
import picocli.CommandLine.Option;

/**
 * The settings of one run that a sweep's grid sets for each of its cells: train takes them as
 * options, sweep as its lists (--norms, --batch-sizes, --workers-list, --seeds) and so accepts none
 * of these.
 */
final class RunOptions {
  @Option(names = "--norm", description = "bln, bn, ln or none (default: bln); with --model-config, replaces every "
      + "normalisation layer of the file (default: keep them)")
  Normalization norm;

  @Option(names = "--batch-size", defaultValue = "" + TrainerSettings.DEFAULT_BATCH_SIZE_PER_WORKER,
      converter = OptionConverters.BatchSize.class,
      description = "examples per worker mini-batch: BLN's m (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--workers", defaultValue = "0", description = "workers for parameter averaging (default: Spark's "
      + "default parallelism)")
  int workers;

  @Option(names = "--seed", defaultValue = "" + ModelSettings.DEFAULT_SEED,
      description = "seed of the weights and of the data's order (default: ${DEFAULT-VALUE})")
  long seed;

  /** What a sweep starts each cell from, before its grid sets all four. */
  static RunOptions defaults() {
    RunOptions options = new RunOptions();
    options.batchSize = TrainerSettings.DEFAULT_BATCH_SIZE_PER_WORKER;
    options.seed = ModelSettings.DEFAULT_SEED;
    return options;
  }
}
