package org.blnspark.jobs.data;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.blnspark.spark.DataFrameExamples;
import org.nd4j.linalg.dataset.DataSet;

/** A dataset made by {@link DatasetPreparer}, opened once: its metadata, and its splits as rows or as training examples. */
public final class PreparedDataset {
  private final SparkSession spark;
  private final String path;
  private final DatasetMetadata metadata;

  private PreparedDataset(SparkSession spark, String path, DatasetMetadata metadata) {
    this.spark = spark;
    this.path = path;
    this.metadata = metadata;
  }

  /** Reads the dataset's metadata; refuses a path that is not a prepared dataset. */
  public static PreparedDataset open(SparkSession spark, String path) {
    return new PreparedDataset(spark, path, DatasetMetadata.read(spark, path));
  }

  public String path() {
    return path;
  }

  public DatasetMetadata metadata() {
    return metadata;
  }

  /** The {@code features} and {@code label} rows of one split. */
  public Dataset<Row> rows(Split split) {
    return DatasetReader.read(spark, path, split);
  }

  /** One split as one-example DataSets, each row checked against the metadata as it is read. */
  public JavaRDD<DataSet> examples(Split split) {
    return examples(rows(split));
  }

  /** Rows of this dataset, such as a sample of a split, as one-example DataSets. */
  public JavaRDD<DataSet> examples(Dataset<Row> rows) {
    return new DataFrameExamples(DatasetReader.FEATURES, DatasetReader.LABEL, metadata.features(), metadata.classes())
        .toDataSets(rows);
  }
}
