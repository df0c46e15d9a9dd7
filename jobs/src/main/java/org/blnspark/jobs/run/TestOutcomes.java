package org.blnspark.jobs.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.data.DatasetReader;
import org.blnspark.jobs.data.PreparedDataset;
import org.blnspark.jobs.data.Split;
import org.blnspark.model.StatisticSources;
import org.blnspark.spark.RowScorer;

/**
 * Which test examples a model classified correctly, one character per example ('1' right, '0'
 * wrong), in the order of the dataset's files: the same order for every model evaluated on the
 * same dataset, so that two models can be compared example by example (a paired test). The
 * examples are batched as evaluation batches them, so a batch-dependent configuration scores as
 * it does there.
 */
public record TestOutcomes(String correct) {
  private static final String ROW = "_bln_row";

  public TestOutcomes {
    if (!correct.matches("[01]*")) {
      throw new IllegalArgumentException("test outcomes are 0s and 1s");
    }
  }

  static TestOutcomes of(SparkSession spark, ModelFile.Loaded model, String data, StatisticSources configuration,
                         int batchSize) {
    PreparedDataset dataset = PreparedDataset.open(spark, data).withMasks(model.provenance().run().masked());
    Dataset<Row> rows = dataset.rows(Split.TEST).withColumn(ROW, monotonically_increasing_id());
    RowScorer scorer = new RowScorer(DatasetReader.FEATURES, ScoringInput.width(model), batchSize, configuration,
        dataset.masked());
    List<Row> scored = scorer.score(model.network(), rows, new PredictionRun.ClassPrediction())
        .orderBy(col(ROW)).select(col(DatasetReader.LABEL), col(PredictionRun.PREDICTION)).collectAsList();
    StringBuilder correct = new StringBuilder(scored.size());
    for (Row row : scored) {
      correct.append(row.getInt(0) == row.getInt(1) ? '1' : '0');
    }
    return new TestOutcomes(correct.toString());
  }

  public int examples() {
    return correct.length();
  }

  public boolean correct(int example) {
    return correct.charAt(example) == '1';
  }

  public double accuracy() {
    return correct.chars().filter(c -> c == '1').count() / (double) correct.length();
  }
}
