package org.blnspark.jobs.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.data.DatasetKind;
import org.blnspark.jobs.data.DatasetMetadata;
import org.blnspark.jobs.data.DatasetPreparer;
import org.blnspark.jobs.data.SplitOptions;
import org.blnspark.model.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "prepare", mixinStandardHelpOptions = true,
    description = "Turn a raw dataset fetched by bin/fetch-data into Parquet (features, label, split) on any Hadoop "
        + "path.")
final class PrepareCommand implements Callable<Integer> {
  @Mixin
  SparkOptions spark;

  @Option(names = "--dataset", required = true,
      description = "fashion-mnist, spam-assassin, or user: your own CSV (all columns but 'label' are features) "
          + "or Parquet (columns 'features' and 'label') given with --raw")
  String dataset;

  @Option(names = "--raw", description = "the raw dataset (default for the built-in datasets: the cache of "
      + "bin/fetch-data)")
  String raw;

  @Option(names = "--output", required = true, description = "where to write the Parquet dataset; must not exist")
  String output;

  @Option(names = "--seed", defaultValue = "" + SplitOptions.DEFAULT_SEED,
      description = "split seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--validation-fraction", defaultValue = "" + SplitOptions.DEFAULT_VALIDATION_FRACTION,
      description = "(default: ${DEFAULT-VALUE})")
  double validationFraction;

  @Option(names = "--test-fraction", defaultValue = "" + SplitOptions.DEFAULT_TEST_FRACTION,
      description = "for datasets without an official test split (default: ${DEFAULT-VALUE})")
  double testFraction;

  @Option(names = "--train-fraction", defaultValue = "1.0",
      description = "fraction of the training split to keep; the paper kept 0.2 (default: ${DEFAULT-VALUE})")
  double trainFraction;

  @Option(names = "--limit", defaultValue = "0", description = "at most this many examples per split; 0: all")
  int limit;

  @Option(names = "--sequence-length", defaultValue = "" + SplitOptions.DEFAULT_SEQUENCE_LENGTH,
      description = "text: tokens kept (default: ${DEFAULT-VALUE})")
  int sequenceLength;

  @Option(names = "--vocabulary-size", defaultValue = "" + SplitOptions.DEFAULT_VOCABULARY_SIZE,
      description = "text: vocabulary built on the training split (default: ${DEFAULT-VALUE})")
  int vocabularySize;

  @Override
  public Integer call() {
    DatasetKind kind = DatasetKind.parse(dataset);
    SplitOptions options = new SplitOptions(seed, validationFraction, testFraction, trainFraction, limit,
        sequenceLength, vocabularySize);
    if (raw == null && kind == DatasetKind.USER) {
      throw new BadInputException("--dataset user needs --raw: the CSV or Parquet path of your examples");
    }
    String rawPath = raw != null ? raw : kind.fetchedRawDirectory().toString();
    try (SparkSession session = spark.session("bln prepare")) {
      DatasetMetadata metadata = DatasetPreparer.prepare(session, kind, rawPath, output, options);
      System.out.println("prepared " + output + ": " + metadata);
    }
    return 0;
  }
}
