package org.blnspark.jobs.data;

import java.nio.file.Files;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.io.AtomicDirectory;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.model.BadInputException;

/**
 * Turns a raw dataset into one Parquet dataset of {@code features} (array&lt;float&gt;),
 * {@code label} (int) and {@code split} ("train", "validation", "test"), with its
 * {@link DatasetMetadata} inside, the content of every split included.
 *
 * <p>The output appears whole or not at all ({@link AtomicDirectory}); an existing output is never
 * overwritten.
 */
public final class DatasetPreparer {
  private DatasetPreparer() {}

  /**
   * @param raw the dataset's own directory, as bin/fetch-data leaves it (e.g. .../fashion-mnist);
   *     for {@link DatasetKind#USER}, the CSV or Parquet path (any Hadoop URI)
   * @param outputPath a local path or any Hadoop URI (file://, hdfs://); must not exist yet
   */
  public static DatasetMetadata prepare(SparkSession spark, DatasetKind kind, String raw, String outputPath,
      SplitOptions options) {
    if (kind != DatasetKind.USER && !Files.isDirectory(java.nio.file.Path.of(raw))) {
      throw new BadInputException(raw + ": no such directory; bin/fetch-data downloads the datasets");
    }
    HadoopFiles files = HadoopFiles.of(spark);
    return AtomicDirectory.publish(files, outputPath, temporary -> {
      DatasetMetadata metadata = switch (kind) {
        case FASHION_MNIST -> FashionMnist.writeParquet(spark, java.nio.file.Path.of(raw), options, temporary);
        case SPAM_ASSASSIN -> SpamAssassin.writeParquet(spark, java.nio.file.Path.of(raw), options, temporary);
        case USER -> UserData.writeParquet(spark, raw, options, temporary);
      };
      // Fingerprinted as written, so the content is that of the rows every later reader sees.
      DatasetMetadata fingerprinted = metadata.withContent(DatasetContent.of(DatasetReader.readAll(spark, temporary)));
      fingerprinted.write(files, temporary);
      return fingerprinted;
    });
  }
}
