package org.blnspark.jobs.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.spark.BadInputException;

/**
 * Turns a raw dataset into one Parquet dataset of {@code features} (array&lt;float&gt;),
 * {@code label} (int) and {@code split} ("train", "validation", "test"), with its
 * {@link DatasetMetadata} inside.
 *
 * <p>The output appears whole or not at all: everything is written to a temporary sibling, which
 * is renamed into place at the end (a rename within one directory is atomic on HDFS and local
 * disks) and deleted on any failure. An existing output is never overwritten.
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
    FileSystem fs = files.fileSystem(new Path(outputPath));
    Path target = fs.makeQualified(new Path(outputPath));
    requireAbsent(fs, target, outputPath);
    Path temporary = createTemporarySibling(fs, target, outputPath);
    boolean published = false;
    try {
      DatasetMetadata metadata = switch (kind) {
        case FASHION_MNIST -> FashionMnist.writeParquet(spark, java.nio.file.Path.of(raw), options,
            temporary.toString());
        case SPAM_ASSASSIN -> SpamAssassin.writeParquet(spark, java.nio.file.Path.of(raw), options,
            temporary.toString());
        case USER -> UserData.writeParquet(spark, raw, options, temporary.toString());
      };
      metadata.write(files, temporary.toString());
      // Checked again: the output may have appeared meanwhile, and a rename onto an existing
      // directory would move the dataset inside it.
      requireAbsent(fs, target, outputPath);
      if (!fs.rename(temporary, target)) {
        throw new IOException("renaming " + temporary + " to " + target + " failed");
      }
      published = true;
      return metadata;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + outputPath, e);
    } finally {
      if (!published) {
        deleteQuietly(fs, temporary);
      }
    }
  }

  private static void requireAbsent(FileSystem fs, Path target, String outputPath) {
    try {
      if (fs.exists(target)) {
        throw new BadInputException(outputPath + " already exists; choose another path or delete it");
      }
    } catch (IOException e) {
      throw new BadInputException(outputPath + ": cannot be checked (" + HadoopFiles.firstLine(e.getMessage()) + ")",
          e);
    }
  }

  /**
   * Creates the temporary directory up front, which also proves the parent is writable before any
   * data is read.
   */
  private static Path createTemporarySibling(FileSystem fs, Path target, String outputPath) {
    Path parent = target.getParent();
    if (parent == null) {
      throw new BadInputException(outputPath + ": the root cannot be a dataset; choose a directory below it");
    }
    Path temporary = new Path(parent, target.getName() + "._tmp-" + UUID.randomUUID());
    try {
      if (fs.mkdirs(temporary)) {
        return temporary;
      }
      throw new BadInputException(outputPath + ": cannot create a directory in " + parent);
    } catch (IOException e) {
      throw new BadInputException(outputPath + ": cannot create a directory in " + parent + " ("
          + HadoopFiles.firstLine(e.getMessage()) + ")", e);
    }
  }

  private static void deleteQuietly(FileSystem fs, Path temporary) {
    try {
      fs.delete(temporary, true);
    } catch (IOException | RuntimeException ignored) {
      // The failure that brought us here is the one worth reporting.
    }
  }
}
