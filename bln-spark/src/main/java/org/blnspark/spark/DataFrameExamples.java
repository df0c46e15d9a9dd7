package org.blnspark.spark;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.blnspark.model.BadInputException;
import org.blnspark.model.TokenPadding;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns a DataFrame of labelled examples into the one-example DataSets the trainer takes. The
 * features column is an array of numbers or an ML vector; the label column is a class index in
 * {@code [0, classes)}. A NaN or infinite feature, a wrong width or a label out of range fails the
 * job with a message naming the row's label and the problem.
 */
public final class DataFrameExamples implements Function<Row, DataSet> {
  private static final long serialVersionUID = 1L;

  private final String featuresColumn;
  private final String labelColumn;
  private final int features;
  private final int classes;
  private final boolean paddingMask;

  /**
   * @param features the expected width of every features row: the network's input size
   * @param classes the number of classes: the network's output size
   */
  public DataFrameExamples(String featuresColumn, String labelColumn, int features, int classes) {
    this(featuresColumn, labelColumn, features, classes, false);
  }

  /**
   * @param paddingMask for rows of token ids padded with id 0: give each example a features mask,
   *     1 for a real token and 0 for padding, so that the network leaves the padding out; a row of
   *     padding alone keeps its last step, since a sequence needs one
   */
  public DataFrameExamples(String featuresColumn, String labelColumn, int features, int classes,
                           boolean paddingMask) {
    this.featuresColumn = featuresColumn;
    this.labelColumn = labelColumn;
    this.features = features;
    this.classes = classes;
    this.paddingMask = paddingMask;
  }

  public JavaRDD<DataSet> toDataSets(Dataset<Row> frame) {
    checkSchema(frame);
    return frame.select(featuresColumn, labelColumn).javaRDD().map(this);
  }

  private void checkSchema(Dataset<Row> frame) {
    requireColumns(frame.schema(), List.of(featuresColumn, labelColumn));
    requireFeaturesColumn(frame.schema(), featuresColumn);
    if (!(frame.schema().apply(labelColumn).dataType() instanceof NumericType)) {
      throw new BadInputException("column '" + labelColumn + "' must hold class indices, got "
          + frame.schema().apply(labelColumn).dataType().simpleString());
    }
  }

  static void requireColumns(StructType schema, List<String> needed) {
    List<String> columns = Arrays.asList(schema.fieldNames());
    for (String column : needed) {
      if (!columns.contains(column)) {
        throw new BadInputException("no column '" + column + "' in " + columns);
      }
    }
  }

  /** Fails unless {@code column} holds arrays of numbers or ML vectors. */
  static void requireFeaturesColumn(StructType schema, String column) {
    requireColumns(schema, List.of(column));
    DataType type = schema.apply(column).dataType();
    boolean numericArray = type instanceof ArrayType array && array.elementType() instanceof NumericType;
    if (!numericArray && !type.typeName().equals("vector")) {
      throw new BadInputException("column '" + column + "' must be an array of numbers or an ML vector, got "
          + type.simpleString());
    }
  }

  /** One row as a one-example DataSet with a one-hot label. */
  @Override
  public DataSet call(Row row) {
    double labelValue = ((Number) row.get(1)).doubleValue();
    int label = (int) labelValue;
    if (label != labelValue || label < 0 || label >= classes) {
      throw new BadInputException("label " + labelValue + " is not a class index in [0, " + classes + ")");
    }
    float[] x = features(row, 0, features, "a row of label " + label);
    float[] oneHot = new float[classes];
    oneHot[label] = 1;
    INDArray featureRow = Nd4j.create(x, new long[] {1, x.length}, 'c');
    INDArray labelRow = Nd4j.create(oneHot, new long[] {1, classes}, 'c');
    return paddingMask ? new DataSet(featureRow, labelRow, Nd4j.create(TokenPadding.mask(x), new long[] {1, x.length}, 'c'), null)
        : new DataSet(featureRow, labelRow);
  }

  /**
   * The features of a row's column {@code index}, an array of numbers or an ML vector, checked:
   * {@code width} finite values, else a one-line error about {@code what} (such as "a row of label 3").
   */
  static float[] features(Row row, int index, int width, String what) {
    float[] x = featuresOf(row, index);
    if (x.length != width) {
      throw new BadInputException(what + " has " + x.length + " features; the model expects " + width);
    }
    for (float v : x) {
      if (!Float.isFinite(v)) {
        throw new BadInputException(what + " has a non-finite feature: " + v);
      }
    }
    return x;
  }

  private static float[] featuresOf(Row row, int index) {
    if (row.isNullAt(index)) {
      return new float[0];
    }
    if (row.get(index) instanceof Vector vector) {
      double[] values = vector.toArray();
      float[] out = new float[values.length];
      for (int i = 0; i < values.length; i++) {
        out[i] = (float) values[i];
      }
      return out;
    }
    List<Number> values = row.getList(index);
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i).floatValue();
    }
    return out;
  }
}
