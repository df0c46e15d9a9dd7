package org.blnspark.jobs.data;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.model.zoo.InputShape;
import org.blnspark.model.BadInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A dataset made by {@link DatasetPreparer}, opened once: its metadata, and its splits as rows ({@code DatasetExamples} makes them training examples). */
public final class PreparedDataset {
  private static final Logger LOG = LoggerFactory.getLogger(PreparedDataset.class);
  private final SparkSession spark;
  private final String path;
  private final DatasetMetadata metadata;
  private final boolean masks;

  private PreparedDataset(SparkSession spark, String path, DatasetMetadata metadata, boolean masks) {
    this.spark = spark;
    this.path = path;
    this.metadata = metadata;
    this.masks = masks;
  }

  /**
   * Reads the dataset's metadata; refuses a path that is not a prepared dataset, and one whose rows
   * per split are not the counts its metadata records. The metadata file alone does not prove the
   * data complete: Parquet parts can be lost in a copy or deleted afterwards. Counting reads only
   * the split column. A dataset prepared before the content of its splits was recorded is
   * fingerprinted now, and the content stored in its metadata when the directory is writable, so
   * that its runs record which rows they used.
   */
  public static PreparedDataset open(SparkSession spark, String path) {
    DatasetMetadata metadata = DatasetMetadata.read(spark, path);
    Map<String, Long> found = new HashMap<>();
    for (Row row : DatasetReader.readAll(spark, path).groupBy(DatasetReader.SPLIT).count().collectAsList()) {
      found.put(row.getString(0), row.getLong(1));
    }
    for (Split split : Split.values()) {
      long rows = found.getOrDefault(split.value(), 0L);
      if (rows != metadata.count(split)) {
        throw new BadInputException(path + " holds " + rows + " " + split + " rows, but its " + DatasetMetadata.FILE_NAME
            + " records " + metadata.count(split) + ": the dataset is incomplete or was changed after prepare; "
            + "prepare it again");
      }
    }
    if (metadata.content() == null) {
      LOG.info("{} was prepared by an older bln-spark without the content of its splits; fingerprinting its rows",
          path);
      metadata = metadata.withContent(DatasetContent.of(DatasetReader.readAll(spark, path)));
      try {
        metadata.write(HadoopFiles.of(spark), path);
      } catch (BadInputException e) {
        LOG.warn("could not store the fingerprint in {}, so it is computed again on every use: {}", path,
            HadoopFiles.oneLine(e));
      }
    }
    return new PreparedDataset(spark, path, metadata, false);
  }

  /**
   * The same dataset, whose token sequences carry a mask of their real tokens when {@code masks};
   * other kinds of data have nothing to mask.
   */
  public PreparedDataset withMasks(boolean masks) {
    return new PreparedDataset(spark, path, metadata, masks && metadata.input() instanceof InputShape.Tokens);
  }

  /** True when the examples carry masks. */
  public boolean masked() {
    return masks;
  }

  public String path() {
    return path;
  }

  public DatasetMetadata metadata() {
    return metadata;
  }

  /** Every row, with its {@code features}, {@code label} and {@code split}. */
  public Dataset<Row> allRows() {
    return DatasetReader.readAll(spark, path);
  }

  /** The {@code features} and {@code label} rows of one split. */
  public Dataset<Row> rows(Split split) {
    return DatasetReader.read(spark, path, split);
  }
}
