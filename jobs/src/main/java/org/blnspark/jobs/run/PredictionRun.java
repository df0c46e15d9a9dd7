package org.blnspark.jobs.run;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.blnspark.jobs.data.Split;
import org.blnspark.jobs.io.AtomicDirectory;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.io.Json;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.statistics.StatisticsDrift;
import org.blnspark.model.BadInputException;
import org.blnspark.spark.RowScorer;

/**
 * Predictions row by row: a saved model scores a prepared dataset's split or a user's own Parquet
 * or CSV on the executors, and the rows, with their input columns and {@value #PREDICTION} and
 * {@value #PROBABILITY} added, are published as one Parquet directory with
 * {@value #METADATA} beside them. A row whose outputs are not finite gets null for both: no class
 * is a prediction there, least of all the first.
 */
public final class PredictionRun {
  public static final String PREDICTION = "prediction";
  public static final String PROBABILITY = "probability";
  /** What produced the predictions, inside the output directory, where Spark's readers skip it. */
  public static final String METADATA = "_bln_predictions.json";
  /** Rows per network call under a batch-independent configuration, where it changes only the speed. */
  static final int SCORING_BATCH_SIZE = 256;

  /**
   * What to predict.
   *
   * @param split a prepared dataset's split, or null for all its rows; ignored for a user's file
   * @param inference a configuration the user chose, or null for {@link InferenceChoice}'s default
   * @param batchSize the batching the user chose, or 0; a batch-dependent configuration needs one
   * @param drift also compare the scored rows' statistics with the model's population statistics
   */
  public record Request(String model, String data, String output, Split split, StatisticSources inference,
                        int batchSize, boolean drift) {}

  /**
   * What was written, the drift of the scored rows when it was asked for (else null), and what the
   * user should know of the input and the predictions, a line each.
   */
  public record Outcome(Metadata metadata, StatisticsDrift drift, List<String> warnings) {}

  /**
   * What {@value #METADATA} records.
   *
   * @param nonFiniteRows rows whose network outputs were not all finite, written with a null prediction
   */
  public record Metadata(String model, String data, String split, String inference, String why,
                         boolean batchDependent, int batchSize, String batching, long rows, long nonFiniteRows) {}

  private PredictionRun() {}

  public static Outcome run(SparkSession spark, Request request) {
    HadoopFiles files = HadoopFiles.of(spark);
    AtomicDirectory.requireAbsent(files, request.output());
    files.requireCreatableDirectory(request.output());
    ModelFile.Loaded model = ModelFile.read(files, request.model(), false);
    if (request.drift() && BlnNetworks.blnLayers(model.network()).isEmpty()) {
      throw new BadInputException(request.model() + " has no BLN layer, so no population statistics to compare the "
          + "data with");
    }
    ScoringInput input = ScoringInput.read(spark, model, request.data(), request.split());
    InferenceChoice choice = InferenceChoice.of(model, request.inference(), request.batchSize(),
        input.prepared() == null ? null : () -> DatasetExamples.of(input.prepared(), Split.VALIDATION));
    int batchSize = choice.batchDependent() ? request.batchSize()
        : request.batchSize() > 0 ? request.batchSize() : SCORING_BATCH_SIZE;
    RowScorer scorer = new RowScorer(input.featuresColumn(), ScoringInput.width(model),
        batchSize, choice.configuration(), model.provenance().run().masked());
    Dataset<Row> scored = scorer.score(model.network(), input.rows(), new ClassPrediction());
    if (input.featuresAdded()) {
      scored = scored.drop(input.featuresColumn());
    }
    String batching = choice.batchDependent() ? "consecutive rows of each of the input's "
        + input.rows().rdd().getNumPartitions() + " partitions, " + batchSize + " at a time"
        : "none: each row's prediction is its own";
    // The same accumulator as the training's statistics pass, in the training's mini-batches.
    StatisticsDrift drift = !request.drift() ? null : StatisticsDrift.of(model.network(),
        new RowScorer(input.featuresColumn(), ScoringInput.width(model),
            EvaluationRun.trainingBatchSize(model.network()), choice.configuration(), model.provenance().run().masked())
            .observe(model.network(), input.rows()));
    Dataset<Row> output = scored;
    Metadata metadata = AtomicDirectory.publish(files, request.output(), directory -> {
      // Into the fresh, empty directory AtomicDirectory made for it.
      output.write().mode(SaveMode.Append).parquet(directory);
      // Counted in what was written: an accumulator in the scoring would count a retried task twice.
      long nonFinite = spark.read().parquet(directory).where(col(PREDICTION).isNull()).count();
      Metadata written = new Metadata(request.model(), request.data(),
          input.prepared() == null ? null : request.split() == null ? "all" : request.split().value(),
          choice.configuration().code(), choice.why(), choice.batchDependent(), batchSize, batching,
          input.check().rows(), nonFinite);
      files.writeString(directory + "/" + METADATA, Json.write(written));
      return written;
    });
    List<String> warnings = new ArrayList<>(input.check().warnings());
    if (metadata.nonFiniteRows() > 0) {
      warnings.add(metadata.nonFiniteRows() + " of " + metadata.rows() + " rows gave outputs that are not finite; "
          + "their prediction and probability are null");
    }
    return new Outcome(metadata, drift, warnings);
  }

  /**
   * The class with the highest probability, and the probabilities, as plain Parquet types; both
   * null where an output is not finite.
   */
  static final class ClassPrediction implements RowScorer.Output {
    private static final long serialVersionUID = 1L;

    @Override
    public StructType addedColumns() {
      return new StructType().add(PREDICTION, DataTypes.IntegerType, true)
          .add(PROBABILITY, DataTypes.createArrayType(DataTypes.DoubleType, false), true);
    }

    @Override
    public Object[] values(double[] output) {
      if (!Arrays.stream(output).allMatch(Double::isFinite)) {
        return new Object[] {null, null};
      }
      int best = 0;
      for (int c = 1; c < output.length; c++) {
        if (output[c] > output[best]) {
          best = c;
        }
      }
      return new Object[] {best, output.clone()};
    }
  }
}
