package org.blnspark.jobs.run;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.data.DatasetMetadata;
import org.blnspark.jobs.data.DatasetReader;
import org.blnspark.jobs.data.PreparedDataset;
import org.blnspark.jobs.data.Split;
import org.blnspark.jobs.io.HadoopFiles;

/**
 * The rows a saved model reads outside training, and where their features are: a prepared
 * dataset's split (or all its rows), checked against the data the model was trained on, or a
 * user's own Parquet or CSV, whose rows are checked one by one as they are read.
 *
 * @param featuresAdded true when the features column was gathered from a CSV's columns, and is no part of the data
 * @param prepared the prepared dataset, or null for a user's file
 */
record ScoringInput(Dataset<Row> rows, String featuresColumn, boolean featuresAdded, PreparedDataset prepared) {
  /** @param split of a prepared dataset, or null for all its rows; ignored for a user's file */
  static ScoringInput read(SparkSession spark, ModelFile.Loaded model, String data, Split split) {
    HadoopFiles files = HadoopFiles.of(spark);
    files.requireExists(data);
    if (files.exists(data + "/" + DatasetMetadata.FILE_NAME)) {
      PreparedDataset dataset = PreparedDataset.open(spark, data).withMasks(model.provenance().run().masked());
      ModelFile.requireReads(model, dataset.metadata().identity(), data);
      Dataset<Row> rows = dataset.allRows();
      if (split != null) {
        rows = rows.where(col(DatasetReader.SPLIT).equalTo(split.value()));
      }
      return new ScoringInput(rows, DatasetReader.FEATURES, false, dataset);
    }
    DatasetReader.ScoringRows rows = DatasetReader.readForScoring(spark, data);
    return new ScoringInput(rows.rows(), rows.featuresColumn(), rows.featuresAdded(), null);
  }

  /** The width of the features the model reads. */
  static int width(ModelFile.Loaded model) {
    return model.provenance().dataset().input().features();
  }
}
