package org.blnspark.spark;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.types.StructType;
import org.blnspark.model.Arguments;
import org.blnspark.model.BadInputException;
import org.blnspark.model.BlnCalls;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.TokenPadding;
import org.blnspark.model.statistics.ObservedLayers;
import org.blnspark.model.statistics.PopulationStatistics;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scores the rows of a DataFrame with a network, on the executors: each partition restores the
 * broadcast network once and runs it over mini-batches of consecutive rows, under one inference
 * configuration, and every row leaves with what {@link Output} appends to it. Nothing is
 * collected to the driver; the result is a DataFrame to write or to transform further.
 *
 * <p>Under a {@link StatisticSources#batchIndependent() batch-independent} configuration a row's
 * output does not depend on the rows that share its mini-batch, so neither the batch size nor the
 * partitioning changes it. Under any other, both do.
 */
public final class RowScorer implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What a scored row becomes: its columns followed by the columns made from the network's output. */
  public interface Output extends Serializable {
    /** The columns added to every row. */
    StructType addedColumns();

    /** The added values of a row whose network output, one value per class, is {@code output}. */
    Object[] values(double[] output);
  }

  private final String featuresColumn;
  private final int features;
  private final int batchSize;
  private final StatisticSources inference;
  private final boolean paddingMask;

  /**
   * @param featuresColumn an array of numbers or an ML vector, {@code features} wide
   * @param paddingMask rows are token ids padded with id 0, which get a mask of their real tokens
   */
  public RowScorer(String featuresColumn, int features, int batchSize, StatisticSources inference,
                   boolean paddingMask) {
    this.featuresColumn = featuresColumn;
    this.features = (int) Arguments.requireAtLeast(1, features, "features");
    this.batchSize = (int) Arguments.requireAtLeast(1, batchSize, "batch size");
    this.inference = java.util.Objects.requireNonNull(inference, "inference");
    this.paddingMask = paddingMask;
  }

  /** Checks the features column before any work: it must hold arrays of numbers or ML vectors. */
  public void requireReadable(StructType schema) {
    DataFrameExamples.requireFeaturesColumn(schema, featuresColumn);
  }

  /**
   * {@code rows} scored by {@code net}: a lazy DataFrame of their columns and {@code output}'s. The
   * network is broadcast now, for the actions that run the DataFrame, and released by Spark's
   * cleaner once the DataFrame is gone.
   */
  public Dataset<Row> score(Model net, Dataset<Row> rows, Output output) {
    requireReadable(rows.schema());
    StructType schema = rows.schema();
    for (var added : output.addedColumns().fields()) {
      if (List.of(schema.fieldNames()).contains(added.name())) {
        throw new BadInputException("the data already has a column '" + added.name() + "'");
      }
      schema = schema.add(added);
    }
    int index = rows.schema().fieldIndex(featuresColumn);
    RowScorer scorer = this;
    BroadcastNetwork<Row, Row> scoring = BroadcastNetwork.forDataset(
        JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext()), net,
        (copy, partition) -> scorer.scored(copy, partition, index, output));
    return rows.mapPartitions(scoring, Encoders.row(schema));
  }

  /**
   * The partial population statistics of every BLN layer over {@code rows}, in this scorer's
   * mini-batches, by the same accumulator as the training's statistics pass: DL4J's forward pass in
   * training mode, so that each layer sees its input as it did in training. The network is left
   * unchanged. Use the training batch size, which the batch statistics depend on.
   */
  public PopulationStatistics observe(Model net, Dataset<Row> rows) {
    requireReadable(rows.schema());
    int index = rows.schema().fieldIndex(featuresColumn);
    RowScorer scorer = this;
    return PopulationStatisticsPass.collect(net, rows.toJavaRDD(),
        partition -> scorer.inputs(nextBatch(partition, scorer.batchSize), index), ObservedLayers.BLN,
        "bln population statistics of scored rows");
  }

  /** One mini-batch's outputs, {@code [n, classes]}, under this scorer's configuration. */
  double[][] outputs(Model net, List<Row> batch, int featuresIndex) {
    INDArray[] input = inputs(batch, featuresIndex);
    INDArray out = BlnCalls.inferringFrom(inference, () -> BlnNetworks.output(net, input[0], input[1], false));
    return out.castTo(DataType.DOUBLE).toDoubleMatrix();
  }

  /** A mini-batch's features, {@code [n, features]}, and its mask of real tokens or null. */
  private INDArray[] inputs(List<Row> batch, int featuresIndex) {
    float[][] x = new float[batch.size()][];
    for (int i = 0; i < x.length; i++) {
      x[i] = DataFrameExamples.features(batch.get(i), featuresIndex, features, "a row");
    }
    INDArray mask = null;
    if (paddingMask) {
      float[][] m = new float[x.length][];
      for (int i = 0; i < x.length; i++) {
        m[i] = TokenPadding.mask(x[i]);
      }
      mask = Nd4j.create(m).castTo(DataType.FLOAT);
    }
    return new INDArray[] {Nd4j.create(x).castTo(DataType.FLOAT), mask};
  }

  /** The next {@code size} rows of a partition, or fewer at its end. */
  private static List<Row> nextBatch(Iterator<Row> rows, int size) {
    List<Row> batch = new ArrayList<>(size);
    while (batch.size() < size && rows.hasNext()) {
      batch.add(rows.next());
    }
    return batch;
  }

  /** A partition's rows, read and scored a mini-batch at a time, as Spark asks for them. */
  private Iterator<Row> scored(Model net, Iterator<Row> rows, int featuresIndex, Output output) {
    return new Iterator<>() {
      private final ArrayDeque<Row> scored = new ArrayDeque<>();

      @Override
      public boolean hasNext() {
        if (scored.isEmpty() && rows.hasNext()) {
          List<Row> batch = nextBatch(rows, batchSize);
          double[][] outputs = outputs(net, batch, featuresIndex);
          for (int i = 0; i < batch.size(); i++) {
            scored.add(append(batch.get(i), output.values(outputs[i])));
          }
        }
        return !scored.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return scored.poll();
      }
    };
  }

  private static Row append(Row row, Object[] added) {
    Object[] values = new Object[row.length() + added.length];
    for (int i = 0; i < row.length(); i++) {
      values[i] = row.get(i);
    }
    System.arraycopy(added, 0, values, row.length(), added.length);
    return RowFactory.create(values);
  }
}
