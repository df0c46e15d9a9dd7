package org.blnspark.jobs.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.data.PreparedDataset;
import org.blnspark.jobs.data.Split;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.io.OutputLock;
import org.blnspark.jobs.io.Json;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.BadInputException;
import org.blnspark.model.statistics.ObservedLayers;
import org.blnspark.model.zoo.Normalization;
import org.blnspark.spark.PopulationStatisticsPass;
import org.blnspark.spark.TrainerSettings;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cells of a batch-size study, trained and evaluated one after the other. Each cell's result
 * is written as {@code cells/<name>/cell.json}; a rerun skips the cells that have one, unless the
 * cell was trained on other rows or, without {@code acceptOtherCommits}, by other code: such a
 * cell is trained again. A cell of other settings belongs to another sweep and is refused. A BN
 * cell is also scored with its population statistics recomputed by BLN's statistics pass.
 */
public final class SweepRun {
  private static final Logger LOG = LoggerFactory.getLogger(SweepRun.class);
  /** The directory under a sweep's output that holds a directory per cell. */
  private static final String CELLS = "cells";
  /** A finished cell's result, in its directory. */
  private static final String RESULT = "cell.json";

  private SweepRun() {}

  /**
   * Runs (or reads back) every cell of {@code grid} on {@code data}, under {@code output}.
   *
   * @param acceptOtherCommits reuse finished cells that other code versions trained
   */
  public static List<SweepCell> run(SparkSession session, List<TrainSettings> grid, String data, String output,
                                    boolean acceptOtherCommits) {
    HadoopFiles files = HadoopFiles.of(session);
    boolean severalRates = grid.stream().mapToDouble(s -> s.builtIn().learningRate()).distinct().count() > 1;
    List<SweepCell> cells = new ArrayList<>();
    try (OutputLock lock = OutputLock.acquire(files, output)) {
      for (TrainSettings settings : grid) {
        cells.add(cell(session, files, settings, SweepCell.name(settings, severalRates), data, output,
            acceptOtherCommits, grid.size(), cells.size() + 1));
      }
    }
    return cells;
  }

  /**
   * The finished cells under {@code output}, trained by any earlier sweep, in the order a grid in
   * ascending order runs them: by norm, batch size, workers, seed and learning rate. Nothing is trained or checked
   * against data, so a study's report can be drawn again from its committed cells alone.
   */
  public static List<SweepCell> finished(HadoopFiles files, String output) {
    Path cells = new Path(output, CELLS);
    List<SweepCell> finished = new ArrayList<>();
    try {
      FileSystem fs = files.fileSystem(cells);
      if (fs.exists(cells)) {
        for (FileStatus dir : fs.listStatus(cells)) {
          String result = new Path(dir.getPath(), RESULT).toString();
          if (dir.isDirectory() && files.exists(result)) {
            finished.add(read(files, result));
          }
        }
      }
    } catch (IOException e) {
      throw new BadInputException("cannot list " + cells + ": " + HadoopFiles.oneLine(e), e);
    }
    if (finished.isEmpty()) {
      throw new BadInputException(output + " holds no finished cells (" + CELLS + "/*/" + RESULT + "); it is not the "
          + "--output of a sweep");
    }
    finished.sort(Comparator.comparing(SweepCell::norm).thenComparingInt(SweepCell::batchSize)
        .thenComparingInt(SweepCell::workers).thenComparingLong(SweepCell::seed)
        .thenComparingDouble(SweepCell::learningRate));
    return finished;
  }

  private static SweepCell read(HadoopFiles files, String path) {
    return files.read(path, in -> Json.MAPPER.readValue(in, SweepCell.class));
  }

  private static SweepCell cell(SparkSession session, HadoopFiles files, TrainSettings settings, String name,
                                String data, String output, boolean acceptOtherCommits, int total, int index) {
    String dir = output + "/" + CELLS + "/" + name;
    String resultPath = dir + "/" + RESULT;
    RunIdentity run = TrainingRun.identity(session, settings, PreparedDataset.open(session, data).withMasks(
        settings.masks())).with("budget", settings.budget().toString())
        .with("seed", Long.toString(settings.seed()))
        .with("early-stopping-patience", Integer.toString(settings.patience()));
    if (files.exists(resultPath)) {
      SweepCell done = read(files, resultPath);
      if (done.run() == null) {
        throw new BadInputException(resultPath + " was written by an older bln-spark, which did not record the cell's "
            + "settings; delete it, or sweep into another --output");
      }
      done.run().settingsMismatch(run).ifPresent(problem -> {
        throw new BadInputException(resultPath + " holds a cell of another sweep (" + problem + "); sweep into "
            + "another --output, or delete " + dir + " to run it again");
      });
      Optional<String> otherCode = done.run().codeMismatch(run);
      Optional<String> stale = done.run().dataMismatch(run).or(() -> acceptOtherCommits ? Optional.empty()
          : otherCode.map(problem -> problem + "; --accept-other-commits keeps such cells"));
      if (stale.isEmpty()) {
        LOG.info("cell {}/{} {}: finished before{}, skipped", index, total, name,
            otherCode.map(problem -> " (" + problem + ", kept by --accept-other-commits)").orElse(""));
        return done;
      }
      LOG.warn("cell {}/{} {}: {}; training it again", index, total, name, stale.get());
      // Gone before training starts, so that a failure cannot leave the old result beside a new model.
      files.delete(resultPath);
    }
    LOG.info("cell {}/{} {}: training", index, total, name);
    // A cell without cell.json did not finish: its directory is the sweep's own, trained again.
    TrainingRun.Outcome outcome = TrainingRun.run(session, settings, TrainingRun.Paths.withoutCheckpoints(data, dir,
        true));
    EvaluationReport evaluation = EvaluationRun.run(session, outcome.model(), data, StatisticSources.all(),
        settings.trainer().batchSizePerWorker());
    TestOutcomes outcomes = TestOutcomes.of(session, outcome.model(), data,
        StatisticSources.parse(evaluation.chosen()), settings.trainer().batchSizePerWorker());
    SweepCell.Scored recomputed = settings.normalization() == Normalization.BN
        ? withRecomputedStatistics(session, settings, outcome.model(), data) : null;
    SweepCell cell = new SweepCell(settings.normalization(), null, settings.trainer().batchSizePerWorker(),
        settings.trainer().workers(), settings.seed(), settings.builtIn().learningRate(), run, outcome.metrics(),
        evaluation, outcomes, recomputed);
    files.write(resultPath, out -> Json.MAPPER.writeValue(out, cell));
    return cell;
  }

  /**
   * A trained BN network scored again after the statistics pass BLN's layers get has replaced its
   * running averages, over the same train split, mini-batches, seed and estimator. The pass
   * changes the network in memory only: the published model keeps its running averages.
   */
  private static SweepCell.Scored withRecomputedStatistics(SparkSession session, TrainSettings settings,
                                                          ModelFile.Loaded model, String data) {
    TrainerSettings trainer = settings.trainer();
    JavaRDD<DataSet> train = DatasetExamples.of(PreparedDataset.open(session, data).withMasks(settings.masks()),
        Split.TRAIN);
    PopulationStatisticsPass.run(model.network(), train, trainer.batchSizePerWorker(), trainer.seed(),
        trainer.statisticsExamples(), trainer.estimator(), ObservedLayers.BLN_AND_BATCH_NORMALIZATION);
    EvaluationReport evaluation = EvaluationRun.run(session, model, data, StatisticSources.all(),
        trainer.batchSizePerWorker());
    return new SweepCell.Scored(evaluation, TestOutcomes.of(session, model, data,
        StatisticSources.parse(evaluation.chosen()), trainer.batchSizePerWorker()));
  }
}
