package org.blnspark.jobs.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.data.DatasetIdentity;
import org.blnspark.jobs.data.DatasetMetadata;
import org.blnspark.jobs.data.DatasetReader;
import org.blnspark.jobs.data.PreparedDataset;
import org.blnspark.jobs.data.Split;
import org.blnspark.jobs.data.ValueRange;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.model.zoo.InputShape;
import org.blnspark.model.BadInputException;

/**
 * The rows a saved model reads outside training, and where their features are: a prepared
 * dataset's split (or all its rows), checked against the data the model was trained on, or a
 * user's own Parquet or CSV, whose rows are checked one by one as they are read. Before any row is
 * scored, the input is checked against what the model recorded of its training data: a CSV's
 * columns against the training table's names and order, token ids against the vocabulary, and
 * every input's values against the training range ({@link ValueRange}), in one pass.
 *
 * @param featuresAdded true when the features column was gathered from a CSV's columns, and is no part of the data
 * @param prepared the prepared dataset, or null for a user's file
 */
record ScoringInput(Dataset<Row> rows, String featuresColumn, boolean featuresAdded, PreparedDataset prepared,
                    Check check) {
  /**
   * What the checks found that does not stop scoring by itself.
   *
   * @param rows how many rows the input has
   * @param outOfRange how many rows hold a value far outside the training range, and which, or null
   * @param unchecked what could not be checked, and why, or null
   */
  record Check(long rows, String outOfRange, String unchecked) {
    /** Every finding, each a line for the user. */
    List<String> warnings() {
      return Stream.of(outOfRange, unchecked).filter(Objects::nonNull).toList();
    }
  }

  /** @param split of a prepared dataset, or null for all its rows; ignored for a user's file */
  static ScoringInput read(SparkSession spark, ModelFile.Loaded model, String data, Split split) {
    HadoopFiles files = HadoopFiles.of(spark);
    files.requireExists(data);
    if (files.exists(data + "/" + DatasetMetadata.FILE_NAME)) {
      PreparedDataset dataset = PreparedDataset.open(spark, data).withMasks(model.provenance().run().masked());
      // The identity's fingerprint covers the kind, the shape and the columns' names and order.
      ModelFile.requireReads(model, dataset.metadata().identity(), data);
      Dataset<Row> rows = dataset.allRows();
      if (split != null) {
        rows = rows.where(col(DatasetReader.SPLIT).equalTo(split.value()));
      }
      return new ScoringInput(rows, DatasetReader.FEATURES, false, dataset,
          check(model, rows, col(DatasetReader.FEATURES), data, null));
    }
    DatasetReader.ScoringRows rows = DatasetReader.readForScoring(spark, data);
    String unnamed = requireColumnsOfTheModel(model.provenance().dataset(), rows.featureNames(), data);
    return new ScoringInput(rows.rows(), rows.featuresColumn(), rows.featuresAdded(), null,
        check(model, rows.rows(), rows.values(), data, unnamed));
  }

  /** The width of the features the model reads. */
  static int width(ModelFile.Loaded model) {
    return model.provenance().dataset().input().features();
  }

  /**
   * Refuses a CSV whose feature columns are not the training table's, in its order; returns why
   * the names could not be checked, if they could not.
   *
   * @param names the input's feature columns, or null for a Parquet array, which has none
   */
  private static String requireColumnsOfTheModel(DatasetIdentity trained, List<String> names, String data) {
    List<String> expected = trained.featureNames();
    if (expected == null) {
      return names != null && trained.input() instanceof InputShape.Tabular
          ? "the model records no names of its feature columns (trained on a Parquet array, or by an older "
          + "bln-spark), so the CSV's column names and order were not checked" : null;
    }
    if (names == null) {
      return "the features are one array column, so their order could not be checked against the model's columns "
          + abbreviated(expected);
    }
    if (names.equals(expected)) {
      return null;
    }
    if (new HashSet<>(names).equals(new HashSet<>(expected)) && names.size() == expected.size()) {
      throw new BadInputException(data + ": the feature columns are in another order than the model's training "
          + "data: " + abbreviated(names) + " for " + abbreviated(expected) + "; put them in the model's order");
    }
    List<String> missing = new ArrayList<>(expected);
    missing.removeAll(names);
    List<String> unknown = new ArrayList<>(names);
    unknown.removeAll(expected);
    throw new BadInputException(data + ": the feature columns are not the model's: missing " + abbreviated(missing)
        + ", not the model's " + abbreviated(unknown) + "; give the columns the model was trained on "
        + abbreviated(expected) + ", in that order");
  }

  /** At most five names, so that a message stays one readable line. */
  private static String abbreviated(List<String> names) {
    return names.size() <= 5 ? names.toString()
        : names.subList(0, 5).toString().replace("]", ", ... (" + names.size() + " in all)]");
  }

  /**
   * Counts the rows and those whose values lie far outside the training range, and refuses values
   * that cannot be the model's kind of input: for a model of token sequences, every value must be
   * an id of its vocabulary.
   */
  private static Check check(ModelFile.Loaded model, Dataset<Row> rows, Column values, String data, String unnamed) {
    ModelFile.Provenance provenance = model.provenance();
    ValueRange range = provenance.range();
    InputShape input = provenance.dataset().input();
    int vocabulary = input instanceof InputShape.Tokens tokens ? tokens.vocabularySize() : 0;
    Row found = rows.agg(count(lit(1)),
        range == null ? lit(0L) : sum(when(exists(values, range::outside), 1L).otherwise(0L)),
        vocabulary == 0 ? lit(0L) : sum(when(exists(values, x -> x.notEqual(floor(x)).or(x.lt(0))
            .or(x.geq(vocabulary))), 1L).otherwise(0L))).first();
    long total = found.getLong(0);
    long outOfRange = found.isNullAt(1) ? 0 : found.getLong(1);
    long notTokens = found.isNullAt(2) ? 0 : found.getLong(2);
    if (notTokens > 0) {
      throw new BadInputException(data + ": " + notTokens + " of " + total + " rows hold values that are not token "
          + "ids of the model's vocabulary (whole numbers from 0 to " + (vocabulary - 1) + "); the model was trained on "
          + provenance.dataset().kind().externalName() + " token sequences");
    }
    String farOutside = outOfRange == 0 ? null : outOfRange + " of " + total + " rows have values far outside the "
        + "range of the model's training data " + range + " (by more than its width); their values span "
        + ValueRange.of(rows.where(exists(values, range::outside)), values) + ". Was the data scaled as for training?";
    List<String> unchecked = new ArrayList<>();
    if (range == null) {
      unchecked.add("the model records no range of its training data's values (a checkpoint, or a model of an older "
          + "bln-spark), so the data's scale was not checked");
    }
    if (unnamed != null) {
      unchecked.add(unnamed);
    }
    return new Check(total, farOutside, unchecked.isEmpty() ? null : String.join("; ", unchecked));
  }
}
