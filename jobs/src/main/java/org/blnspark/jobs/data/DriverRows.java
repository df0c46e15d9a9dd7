package org.blnspark.jobs.data;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Rows read from raw files on the driver, handed to Spark. Reading on the driver means the raw
 * dataset only has to be on the driver's disk, not on every executor's; the rows then travel to
 * the executors inside Spark's tasks.
 */
final class DriverRows {
  // Spark warns about tasks over 1 MB; slices of about half that stay under it, as the byte counts
  // are estimates and a task carries more than its rows.
  private static final long BYTES_PER_SLICE = 500_000;

  private DriverRows() {}

  /** @param bytes about how many bytes the rows hold, to size the slices */
  static Dataset<Row> frame(SparkSession spark, List<Row> rows, StructType schema, long bytes) {
    int slices = (int) Math.max(1, Math.min(rows.size(), (bytes + BYTES_PER_SLICE - 1) / BYTES_PER_SLICE));
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return spark.createDataFrame(context.parallelize(rows, slices), schema);
  }
}
