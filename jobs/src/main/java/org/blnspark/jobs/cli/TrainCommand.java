package org.blnspark.jobs.cli;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.run.EpochMetrics;
import org.blnspark.jobs.run.TrainSettings;
import org.blnspark.jobs.run.TrainingRun;
import org.blnspark.model.statistics.StatisticsPrecision;
import org.blnspark.model.BadInputException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a model with parameter averaging; publish model.zip, metrics.json and metrics.csv "
        + "together, under _bln_run.json written last.")
final class TrainCommand implements Callable<Integer> {
  @Mixin
  SparkOptions spark;

  @Mixin
  TrainOptions training;

  @Mixin
  RunOptions run;

  @Mixin
  BudgetOptions length;

  @Mixin
  DataInput input;

  @Option(names = "--output", required = true, description = "directory for model.zip and the metrics; one that "
      + "holds them already is refused, unless --overwrite, or --resume of the run that wrote them")
  String output;

  @ArgGroup(exclusive = false)
  Checkpoints checkpoints;

  @ArgGroup(exclusive = true)
  Start start;

  /** Per-epoch checkpoints: --keep-checkpoints needs the directory. */
  static final class Checkpoints {
    static final int DEFAULT_KEEP = 2;

    @Option(names = "--checkpoint-dir", required = true, description = "directory for per-epoch checkpoints")
    String directory;

    @Option(names = "--keep-checkpoints", defaultValue = "" + DEFAULT_KEEP,
        description = "checkpoints kept (default: ${DEFAULT-VALUE}); needs --checkpoint-dir")
    int keep;
  }

  /** How a run meets an output or checkpoints of an earlier one: one way or the other. */
  static final class Start {
    @Option(names = "--resume", required = true,
        description = "continue from the latest complete checkpoint in --checkpoint-dir")
    boolean resume;

    @Option(names = "--overwrite", required = true, description = "start afresh: replace the model and metrics in "
        + "--output, and delete the checkpoints in --checkpoint-dir")
    boolean overwrite;
  }

  @Override
  public Integer call() {
    TrainSettings settings = training.settings(run, length);
    boolean resume = start != null && start.resume;
    if (resume && checkpoints == null) {
      throw new BadInputException("--resume needs --checkpoint-dir");
    }
    int keep = checkpoints == null ? Checkpoints.DEFAULT_KEEP : checkpoints.keep;
    if (keep < 1) {
      throw new BadInputException("--keep-checkpoints must be at least 1, got " + keep);
    }
    try (SparkSession session = spark.session("bln train")) {
      TrainingRun.Outcome outcome = TrainingRun.run(session, settings,
          new TrainingRun.Paths(input.data, output, checkpoints == null ? null : checkpoints.directory, resume,
              start != null && start.overwrite, keep));
      EpochMetrics last = outcome.metrics().get(outcome.metrics().size() - 1);
      System.out.printf("trained %d epochs: validation accuracy %.4f, loss %.4f%nmodel: %s%nmetrics: %s/metrics.json, "
              + "%s/metrics.csv%n", last.epoch(), last.validationAccuracy(), last.validationLoss(),
          outcome.modelPath(), output, output);
      precisionLine(outcome.model().provenance().statistics()).ifPresent(System.out::println);
    }
    return 0;
  }

  /**
   * One line on how precise the model's population statistics are: the largest standard errors
   * over every BLN layer, or nothing for a network without BLN or a pass of one mini-batch.
   */
  private static Optional<String> precisionLine(Map<String, StatisticsPrecision> statistics) {
    List<StatisticsPrecision> layers = statistics.values().stream()
        .filter(layer -> layer.meanErrorMax() != null).toList();
    if (layers.isEmpty()) {
      return Optional.empty();
    }
    StatisticsPrecision first = layers.get(0);
    double mean = layers.stream().mapToDouble(StatisticsPrecision::meanErrorMax).max().orElseThrow();
    double variance = layers.stream().mapToDouble(StatisticsPrecision::varianceErrorMax).max().orElseThrow();
    return Optional.of(String.format("population statistics: %,d examples in %,d mini-batches; largest standard "
        + "error of a batch mean %.3f sd, of a batch variance %.1f%% (metrics.json: per layer)", first.examples(),
        first.batches(), mean, 100 * variance));
  }
}
