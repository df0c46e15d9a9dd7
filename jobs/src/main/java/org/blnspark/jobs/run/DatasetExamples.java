package org.blnspark.jobs.run;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.blnspark.jobs.data.DatasetReader;
import org.blnspark.jobs.data.PreparedDataset;
import org.blnspark.jobs.data.Split;
import org.blnspark.spark.DataFrameExamples;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A prepared dataset's rows as the trainer's one-example DataSets. It lives with the runs, which
 * feed the trainer, so that the data package needs nothing of the trainer.
 */
final class DatasetExamples {
  private DatasetExamples() {}

  /** One split as one-example DataSets, each row checked against the metadata as it is read. */
  static JavaRDD<DataSet> of(PreparedDataset dataset, Split split) {
    return of(dataset, dataset.rows(split));
  }

  /** Rows of {@code dataset}, such as a sample of a split, as one-example DataSets. */
  static JavaRDD<DataSet> of(PreparedDataset dataset, Dataset<Row> rows) {
    return new DataFrameExamples(DatasetReader.FEATURES, DatasetReader.LABEL, dataset.metadata().features(),
        dataset.metadata().classes(), dataset.masked()).toDataSets(rows);
  }
}
