package org.blnspark.jobs.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.data.PreparedDataset;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.io.OutputLock;
import org.blnspark.jobs.io.Json;
import org.blnspark.model.StatisticSources;
import org.blnspark.spark.BadInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cells of a batch-size study, trained and evaluated one after the other. Each cell's result
 * is written as {@code cells/<name>/cell.json}; a rerun skips the cells that have one, unless the
 * cell was trained on other rows or, without {@code acceptOtherCommits}, by other code: such a
 * cell is trained again. A cell of other settings belongs to another sweep and is refused.
 */
public final class SweepRun {
  private static final Logger LOG = LoggerFactory.getLogger(SweepRun.class);

  private SweepRun() {}

  /**
   * Runs (or reads back) every cell of {@code grid} on {@code data}, under {@code output}.
   *
   * @param acceptOtherCommits reuse finished cells that other code versions trained
   */
  public static List<SweepCell> run(SparkSession session, List<TrainSettings> grid, String data, String output,
                                    boolean acceptOtherCommits) {
    HadoopFiles files = HadoopFiles.of(session);
    List<SweepCell> cells = new ArrayList<>();
    try (OutputLock lock = OutputLock.acquire(files, output)) {
      for (TrainSettings settings : grid) {
        cells.add(cell(session, files, settings, data, output, acceptOtherCommits, grid.size(), cells.size() + 1));
      }
    }
    return cells;
  }

  private static SweepCell cell(SparkSession session, HadoopFiles files, TrainSettings settings, String data,
                                String output, boolean acceptOtherCommits, int total, int index) {
    String name = SweepCell.name(settings);
    String dir = output + "/cells/" + name;
    String resultPath = dir + "/cell.json";
    RunIdentity run = TrainingRun.identity(session, settings, PreparedDataset.open(session, data).withMasks(
        settings.masks())).with("budget", settings.budget().toString())
        .with("seed", Long.toString(settings.seed()))
        .with("early-stopping-patience", Integer.toString(settings.patience()));
    if (files.exists(resultPath)) {
      SweepCell done = files.read(resultPath, in -> Json.MAPPER.readValue(in, SweepCell.class));
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
    TrainingRun.Outcome outcome = TrainingRun.run(session, settings, TrainingRun.Paths.withoutCheckpoints(data, dir));
    EvaluationReport evaluation = EvaluationRun.run(session, outcome.model(), data, StatisticSources.all(),
        settings.trainer().batchSizePerWorker());
    TestOutcomes outcomes = TestOutcomes.of(session, outcome.model(), data,
        StatisticSources.parse(evaluation.chosen()), settings.trainer().batchSizePerWorker());
    SweepCell cell = new SweepCell(settings.normalization(), settings.trainer().batchSizePerWorker(),
        settings.trainer().workers(), settings.seed(), run, outcome.metrics(), evaluation, outcomes);
    files.write(resultPath, out -> Json.MAPPER.writeValue(out, cell));
    return cell;
  }
}
