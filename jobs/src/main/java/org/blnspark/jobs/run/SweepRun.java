package org.blnspark.jobs.run;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.io.Json;
import org.blnspark.model.StatisticSources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cells of a batch-size study, trained and evaluated one after the other. Each cell's result
 * is written as {@code cells/<name>/cell.json}; a rerun skips the cells that have one.
 */
public final class SweepRun {
  private static final Logger LOG = LoggerFactory.getLogger(SweepRun.class);

  private SweepRun() {}

  /** Runs (or reads back) every cell of {@code grid} on {@code data}, under {@code output}. */
  public static List<SweepCell> run(SparkSession session, List<TrainSettings> grid, String data, String output) {
    HadoopFiles files = HadoopFiles.of(session);
    List<SweepCell> cells = new ArrayList<>();
    for (TrainSettings settings : grid) {
      cells.add(cell(session, files, settings, data, output, grid.size(), cells.size() + 1));
    }
    return cells;
  }

  private static SweepCell cell(SparkSession session, HadoopFiles files, TrainSettings settings, String data,
                                String output, int total, int index) {
    String name = SweepCell.name(settings);
    String dir = output + "/cells/" + name;
    String resultPath = dir + "/cell.json";
    if (files.exists(resultPath)) {
      LOG.info("cell {}/{} {}: finished before, skipped", index, total, name);
      return files.read(resultPath, in -> Json.MAPPER.readValue(in, SweepCell.class));
    }
    LOG.info("cell {}/{} {}: training", index, total, name);
    TrainingRun.Outcome outcome = TrainingRun.run(session, settings, TrainingRun.Paths.withoutCheckpoints(data, dir));
    EvaluationReport evaluation = EvaluationRun.run(session, outcome.model(), data, StatisticSources.all(),
        settings.trainer().batchSizePerWorker());
    SweepCell cell = new SweepCell(settings.normalization(), settings.trainer().batchSizePerWorker(),
        settings.trainer().workers(), settings.seed(), outcome.metrics(), evaluation);
    files.write(resultPath, out -> Json.MAPPER.writeValue(out, cell));
    return cell;
  }
}
