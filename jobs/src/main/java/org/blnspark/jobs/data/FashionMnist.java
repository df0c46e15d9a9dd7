package org.blnspark.jobs.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.blnspark.model.zoo.InputShape;

/**
 * Fashion-MNIST from its four gzip IDX files into Parquet rows of 784 pixels in [0, 1]. The official
 * test file is the test split; validation and training come from the official training file.
 */
final class FashionMnist {
  static final int SIDE = 28;
  static final int CLASSES = 10;

  private static final StructType RAW_ROWS = new StructType()
      .add("pixels", DataTypes.BinaryType, false)
      .add(DatasetReader.LABEL, DataTypes.IntegerType, false)
      .add(DatasetReader.SPLIT, DataTypes.StringType, false);

  // Pixels are unsigned bytes; scaled to [0, 1] on the executors, where the floats are 4x the size.
  private static final UserDefinedFunction UNIT_RANGE = udf((UDF1<byte[], float[]>) FashionMnist::toUnitRange,
      DataTypes.createArrayType(DataTypes.FloatType, false));

  private FashionMnist() {}

  /** Reads, splits and writes the dataset as Parquet at {@code output}; returns its metadata. */
  static DatasetMetadata writeParquet(SparkSession spark, Path rawDir, SplitOptions options, String output) {
    IdxFile.LabelledImages train = read(rawDir, "train");
    IdxFile.LabelledImages test = read(rawDir, "t10k");
    SplitAssignment splits = SplitAssignment.withOfficialTest(train.count(), test.count(), options);
    List<Row> rows = new ArrayList<>();
    addRows(rows, train, splits.train(), Split.TRAIN.value());
    addRows(rows, train, splits.validation(), Split.VALIDATION.value());
    addRows(rows, test, splits.test(), Split.TEST.value());

    DriverRows.frame(spark, rows, RAW_ROWS, (long) rows.size() * SIDE * SIDE)
        .select(UNIT_RANGE.apply(col("pixels")).as(DatasetReader.FEATURES), col(DatasetReader.LABEL),
            col(DatasetReader.SPLIT))
        .write().mode(SaveMode.Overwrite).parquet(output);
    return new DatasetMetadata(DatasetIdentity.of(DatasetKind.FASHION_MNIST, new InputShape.Image(SIDE, SIDE, 1),
        CLASSES, List.of()), DatasetMetadata.counts(splits.train().length, splits.validation().length, splits.test().length),
        options.seed());
  }

  private static IdxFile.LabelledImages read(Path rawDir, String prefix) {
    return IdxFile.read(rawDir.resolve(prefix + "-images-idx3-ubyte.gz"), rawDir.resolve(prefix + "-labels-idx1-ubyte.gz"),
        SIDE, SIDE, CLASSES);
  }

  private static void addRows(List<Row> rows, IdxFile.LabelledImages images, int[] indices, String split) {
    int size = images.rows() * images.columns();
    for (int i : indices) {
      rows.add(RowFactory.create(Arrays.copyOfRange(images.pixels(), i * size, (i + 1) * size), images.labels()[i],
          split));
    }
  }

  static float[] toUnitRange(byte[] pixels) {
    float[] scaled = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      scaled[i] = Byte.toUnsignedInt(pixels[i]) / 255f;
    }
    return scaled;
  }
}
