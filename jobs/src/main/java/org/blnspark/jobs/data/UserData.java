package org.blnspark.jobs.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.EnumMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.blnspark.model.zoo.InputShape;
import org.blnspark.model.BadInputException;

/**
 * A user's own labelled examples (columns {@code features} and {@code label}), checked in one
 * pass and split with a seeded random draw per row: {@code testFraction} to test,
 * {@code validationFraction} to validation, the rest to train, of which {@code trainFraction} is
 * kept. The number of classes is the largest label plus one.
 */
final class UserData {
  private UserData() {}

  static DatasetMetadata writeParquet(SparkSession spark, String input, SplitOptions options, String output) {
    DatasetReader.UserRows user = DatasetReader.readUserData(spark, input, DatasetReader.FEATURES, DatasetReader.LABEL);
    Dataset<Row> examples = user.rows();
    Row summary = examples.agg(count(lit(1)), min(DatasetReader.LABEL), max(DatasetReader.LABEL),
        min(size(col(DatasetReader.FEATURES))), max(size(col(DatasetReader.FEATURES))),
        sum(when(exists(col(DatasetReader.FEATURES), x -> isnan(x).or(x.isin(Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY))), 1).otherwise(0))).first();
    if (summary.getLong(0) == 0) {
      throw new BadInputException(input + ": no examples");
    }
    if (summary.getInt(1) < 0) {
      throw new BadInputException(input + ": label " + summary.getInt(1) + " is out of range; labels are class "
          + "indices from 0 (an empty label reads as -1)");
    }
    if (summary.getInt(3) != summary.getInt(4)) {
      throw new BadInputException(input + ": rows have from " + summary.getInt(3) + " to " + summary.getInt(4)
          + " features; every row needs the same number");
    }
    if (summary.getInt(3) == 0) {
      throw new BadInputException(input + ": rows have no features");
    }
    if (summary.getLong(5) > 0) {
      throw new BadInputException(input + ": " + summary.getLong(5) + " rows have NaN, infinite or empty features");
    }
    int classes = Math.max(2, summary.getInt(2) + 1);

    Dataset<Row> split = examples
        .withColumn("draw", rand(options.seed()))
        .withColumn(DatasetReader.SPLIT,
            when(col("draw").lt(options.testFraction()), Split.TEST.value())
                .when(col("draw").lt(options.testFraction() + options.validationFraction()), Split.VALIDATION.value())
                .otherwise(Split.TRAIN.value()))
        .where(col(DatasetReader.SPLIT).notEqual(Split.TRAIN.value()).or(rand(options.seed() + 1)
            .lt(options.trainFraction())))
        .drop("draw");
    Map<Split, Long> counts = new EnumMap<>(Split.class);
    Dataset<Row> written = null;
    for (Split name : Split.values()) {
      Dataset<Row> part = split.where(col(DatasetReader.SPLIT).equalTo(name.value()));
      if (options.limit() > 0) {
        part = part.limit(options.limit());
      }
      written = written == null ? part : written.union(part);
    }
    written.write().mode(SaveMode.Overwrite).parquet(output);
    Dataset<Row> saved = spark.read().parquet(output);
    for (Split name : Split.values()) {
      counts.put(name, saved.where(col(DatasetReader.SPLIT).equalTo(name.value())).count());
    }
    return new DatasetMetadata(DatasetIdentity.of(DatasetKind.USER, new InputShape.Tabular(summary.getInt(3)),
        classes, user.featureNames()), counts,
        options.seed());
  }
}
