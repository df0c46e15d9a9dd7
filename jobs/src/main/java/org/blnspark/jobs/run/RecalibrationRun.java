package org.blnspark.jobs.run;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.data.Split;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.statistics.PopulationEstimator;
import org.blnspark.model.statistics.PopulationStatistics;
import org.blnspark.model.statistics.StatisticsDrift;
import org.blnspark.model.statistics.TooFewValuesException;
import org.blnspark.model.BadInputException;
import org.blnspark.spark.RowScorer;

/**
 * Recalibration without retraining (AdaBN's idea, for BLN): one distributed statistics pass over
 * new data re-estimates every BLN layer's population statistics, and a copy of the model is
 * written with them; every trained weight stays as it was. It helps where the data has shifted in
 * a way the normalisation can undo, such as a change of scale or offset of the inputs, and
 * inference reads population statistics. The model records the recalibration's data, split and
 * time, so that evaluate can say when it scores rows the statistics were taken from.
 *
 * <p>It refuses, before writing anything, input that fails {@link ScoringInput}'s checks (values far
 * outside the training range included), input with no rows or too few for the statistics, and
 * statistics that are not finite.
 */
public final class RecalibrationRun {
  /**
   * @param split of a prepared dataset, or null for all its rows
   * @param estimator how to estimate the new statistics, or null for the one the model was trained with
   */
  public record Request(String model, String data, String output, Split split, PopulationEstimator estimator) {}

  /**
   * The written model's estimator, how far the new statistics are from the old ones, and what the
   * input could not be checked for, a line each.
   */
  public record Outcome(PopulationEstimator estimator, StatisticsDrift change, List<String> warnings) {}

  private RecalibrationRun() {}

  public static Outcome run(SparkSession spark, Request request) {
    HadoopFiles files = HadoopFiles.of(spark);
    if (files.exists(request.output())) {
      throw new BadInputException(request.output() + " already exists; choose another path or delete it");
    }
    files.requireCreatableDirectory(request.output());
    ModelFile.Loaded model = ModelFile.read(files, request.model(), false);
    if (BlnNetworks.blnLayers(model.network()).isEmpty()) {
      throw new BadInputException(request.model() + " has no BLN layer, so no population statistics to recalibrate");
    }
    ScoringInput input = ScoringInput.read(spark, model, request.data(), request.split());
    if (input.check().outOfRange() != null) {
      throw new BadInputException(request.data() + ": " + input.check().outOfRange() + " Statistics of such data would "
          + "normalise the model's inputs wrongly; nothing was written");
    }
    if (input.check().rows() == 0) {
      throw new BadInputException(request.data() + " has no rows to recalibrate on; nothing was written");
    }
    PopulationEstimator estimator = request.estimator() != null ? request.estimator()
        : PopulationEstimator.valueOf(model.provenance().run().settings().get("estimator").toUpperCase(Locale.ROOT));
    // The training's mini-batches: the batch statistics a later layer sees depend on them.
    PopulationStatistics statistics = new RowScorer(input.featuresColumn(), ScoringInput.width(model),
        EvaluationRun.trainingBatchSize(model.network()), StatisticSources.REFERENCE_DEFAULT,
        model.provenance().run().masked()).observe(model.network(), input.rows());
    StatisticsDrift change;
    try {
      change = StatisticsDrift.of(model.network(), statistics);
      List<String> nonFinite = statistics.nonFiniteLayers(estimator);
      if (!nonFinite.isEmpty()) {
        throw new BadInputException(request.data() + ": the new population statistics of " + nonFinite + " are not "
            + "finite: the data holds values the network cannot normalise; nothing was written");
      }
      statistics.applyTo(model.network(), estimator);
    } catch (TooFewValuesException e) {
      throw new BadInputException(request.data() + ": too few rows (" + input.check().rows() + ") to recalibrate on ("
          + e.getMessage() + "); nothing was written", e);
    }
    ModelFile.Recalibration recalibration = new ModelFile.Recalibration(files.qualified(request.data()),
        input.prepared() == null ? null : request.split(), Instant.now().toString());
    ModelFile.write(files, request.output(), model.recalibrated(statistics.precision(estimator), recalibration),
        false);
    return new Outcome(estimator, change, input.check().warnings());
  }
}
