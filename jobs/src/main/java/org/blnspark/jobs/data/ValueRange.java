package org.blnspark.jobs.data;

import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.array_min;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The smallest and largest feature value of the data a model was trained on, which it records so
 * that scoring can tell data on another scale (pixels of 0 to 255 for a model trained on 0 to 1).
 * New data may go past a training range a little; a value is {@link #outside} it when it lies
 * beyond it by more than the range's width, so that [0, 1] admits -1 to 2.
 */
public record ValueRange(double minimum, double maximum) {
  /** The range of {@code values}, a column of arrays of numbers, over {@code rows}; null when there is none. */
  public static ValueRange of(Dataset<Row> rows, Column values) {
    Row extremes = rows.agg(min(array_min(values)), max(array_max(values))).first();
    return extremes.isNullAt(0) ? null
        : new ValueRange(((Number) extremes.get(0)).doubleValue(), ((Number) extremes.get(1)).doubleValue());
  }

  /** True where {@code value} is further outside this range than its width. */
  public Column outside(Column value) {
    double slack = maximum - minimum;
    return value.lt(minimum - slack).or(value.gt(maximum + slack));
  }

  @Override
  public String toString() {
    return "[" + (float) minimum + ", " + (float) maximum + "]";
  }
}
