package org.blnspark.jobs.data;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.transform;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.ShortType;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.model.BadInputException;

/**
 * Reads examples as a DataFrame of {@value #FEATURES} (array&lt;float&gt;) and {@value #LABEL}
 * (int): one split of a dataset made by {@link DatasetPreparer}, or a user's own Parquet or CSV.
 * The rows themselves (widths, non-finite values, label range) are checked where they are turned
 * into training examples, in {@code org.blnspark.spark.DataFrameExamples}.
 */
public final class DatasetReader {
  public static final String FEATURES = "features";
  public static final String LABEL = "label";
  /** The column of a prepared dataset that says which split a row belongs to. */
  public static final String SPLIT = "split";
  /** The column of CSV features gathered for scoring, dropped from what is written. */
  public static final String SCORED_FEATURES = "_bln_features";

  private static final ArrayType FLOATS = DataTypes.createArrayType(DataTypes.FloatType);

  private DatasetReader() {}

  /** The rows of one split of a prepared dataset. */
  public static Dataset<Row> read(SparkSession spark, String path, Split split) {
    return readAll(spark, path).where(col(SPLIT).equalTo(split.value())).select(FEATURES, LABEL);
  }

  /** Every row of a prepared dataset: its features, label and split. */
  public static Dataset<Row> readAll(SparkSession spark, String path) {
    Dataset<Row> all = parquet(spark, path);
    if (!Arrays.asList(all.columns()).containsAll(List.of(FEATURES, LABEL, SPLIT))) {
      throw new BadInputException(path + " is not a prepared dataset: it needs the columns features, label and "
          + "split, and has " + Arrays.toString(all.columns()));
    }
    return all.select(FEATURES, LABEL, SPLIT);
  }

  /**
   * A user's own labelled examples. A path ending in ".csv" (a file, or a directory of CSV parts)
   * is read as CSV with a header row, and its features are ALL columns other than the label, each
   * of which must be numeric; {@code featuresColumn} is not used for CSV. Any other path is read as
   * Parquet, whose {@code featuresColumn} holds an array of numbers or an ML vector. The label
   * column must hold integers.
   *
   * <p>A missing value becomes a NaN feature, or label -1, so that the row checks downstream
   * report it as a non-finite feature or an out-of-range label instead of failing on a null.
   */
  public static UserRows readUserData(SparkSession spark, String path, String featuresColumn,
      String labelColumn) {
    boolean csv = path.toLowerCase(Locale.ROOT).endsWith(".csv");
    Dataset<Row> frame = csv ? csv(spark, path) : parquet(spark, path);
    requireColumn(frame, labelColumn, path);
    DataType labelType = frame.schema().apply(labelColumn).dataType();
    if (!(labelType instanceof IntegerType || labelType instanceof LongType || labelType instanceof ShortType
        || labelType instanceof ByteType)) {
      throw new BadInputException(path + ": label column '" + labelColumn + "' must hold integer class indices, "
          + "got " + labelType.simpleString());
    }
    Column features = csv ? csvFeatures(frame, labelColumn, path) : parquetFeatures(frame, featuresColumn, path);
    List<String> names = csv ? featureColumns(frame, labelColumn) : List.of(featuresColumn);
    return new UserRows(frame.select(transform(features, x -> coalesce(x, lit(Float.NaN))).as(FEATURES),
        coalesce(col(labelColumn).cast(DataTypes.IntegerType), lit(-1)).as(LABEL)), names);
  }

  /**
   * A user's examples as {@value #FEATURES} and {@value #LABEL} rows, with the names their features
   * had: a CSV's columns in order, or a Parquet file's features column.
   */
  public record UserRows(Dataset<Row> rows, List<String> featureNames) {}

  /**
   * Rows to score, with all their columns: a user's own Parquet, whose {@value #FEATURES} column
   * holds an array of numbers or an ML vector, or CSV (a path ending in ".csv", with a header),
   * whose columns other than an optional {@value #LABEL} are the features, in order; for CSV they
   * are gathered into the added column {@value #SCORED_FEATURES}.
   */
  public static ScoringRows readForScoring(SparkSession spark, String path) {
    if (!path.toLowerCase(Locale.ROOT).endsWith(".csv")) {
      Dataset<Row> frame = parquet(spark, path);
      return new ScoringRows(frame, FEATURES, false, parquetFeatures(frame, FEATURES, path), null);
    }
    Dataset<Row> frame = csv(spark, path);
    if (Arrays.asList(frame.columns()).contains(SCORED_FEATURES)) {
      throw new BadInputException(path + ": a column is named " + SCORED_FEATURES + ", which scoring adds");
    }
    return new ScoringRows(frame.withColumn(SCORED_FEATURES, csvFeatures(frame, LABEL, path)), SCORED_FEATURES, true,
        col(SCORED_FEATURES), featureColumns(frame, LABEL));
  }

  /**
   * @param featuresColumn the column the network reads
   * @param featuresAdded true when that column was made here and is no part of the user's data
   * @param values the features as an array of floats, whatever type the features column has
   * @param featureNames a CSV's feature columns in order; null for Parquet, whose features are one column
   */
  public record ScoringRows(Dataset<Row> rows, String featuresColumn, boolean featuresAdded, Column values,
                            List<String> featureNames) {}

  /** A CSV's feature columns: all but the label, in order. */
  private static List<String> featureColumns(Dataset<Row> frame, String labelColumn) {
    return Arrays.stream(frame.columns()).filter(c -> !c.equals(labelColumn)).toList();
  }

  private static Column csvFeatures(Dataset<Row> frame, String labelColumn, String path) {
    List<Column> features = new ArrayList<>();
    for (var field : frame.schema().fields()) {
      if (field.name().equals(labelColumn)) {
        continue;
      }
      if (!(field.dataType() instanceof NumericType)) {
        throw new BadInputException(path + ": column '" + field.name() + "' is not numeric ("
            + field.dataType().simpleString() + "); every CSV column other than the label is a feature");
      }
      features.add(col(field.name()).cast(DataTypes.FloatType));
    }
    if (features.isEmpty()) {
      throw new BadInputException(path + ": no feature columns besides the label '" + labelColumn + "'");
    }
    return array(features.toArray(Column[]::new));
  }

  private static Column parquetFeatures(Dataset<Row> frame, String featuresColumn, String path) {
    requireColumn(frame, featuresColumn, path);
    DataType type = frame.schema().apply(featuresColumn).dataType();
    if (type instanceof ArrayType arrayType && arrayType.elementType() instanceof NumericType) {
      return col(featuresColumn).cast(FLOATS);
    }
    if (type.equals(SQLDataTypes.VectorType())) {
      return org.apache.spark.ml.functions.vector_to_array(col(featuresColumn), "float32");
    }
    throw new BadInputException(path + ": features column '" + featuresColumn + "' must be an array of numbers or "
        + "an ML vector, got " + type.simpleString());
  }

  private static void requireColumn(Dataset<Row> frame, String column, String path) {
    if (!Arrays.asList(frame.columns()).contains(column)) {
      throw new BadInputException(path + ": no column '" + column + "'; columns: "
          + Arrays.toString(frame.columns()));
    }
  }

  private static Dataset<Row> parquet(SparkSession spark, String path) {
    HadoopFiles.of(spark).requireExists(path);
    try {
      return spark.read().parquet(path);
    } catch (Exception e) {
      // Scala throws AnalysisException without declaring it, so Java cannot catch it by name.
      if (e instanceof AnalysisException) {
        throw new BadInputException(path + ": not a Parquet dataset (" + HadoopFiles.firstLine(e.getMessage())
            + "); CSV files must end in .csv", e);
      }
      throw e;
    }
  }

  private static Dataset<Row> csv(SparkSession spark, String path) {
    HadoopFiles.of(spark).requireExists(path);
    return spark.read().option("header", true).option("inferSchema", true).csv(path);
  }
}
