package org.blnspark.jobs.run;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.blnspark.model.StatisticSources;
import org.blnspark.spark.ConfigurationScore;
import org.blnspark.spark.EpochReport;
import org.blnspark.spark.InferenceEvaluator;
import org.blnspark.spark.TrainingListener;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * What a run does after each epoch: validates under the network's inference configuration, stops
 * a run that diverged before anything of it is kept, records the epoch, moves early stopping on,
 * keeps the best epoch's parameters, and checkpoints it all.
 */
final class EpochReview implements TrainingListener {
  private final TrainSettings settings;
  private final JavaRDD<DataSet> validation;
  private final StatisticSources inference;
  private final List<EpochMetrics> metrics;
  private final CheckpointStore checkpoints;
  private final long seed;
  private final TrainingProgress progress;
  private long epochStart = System.nanoTime();
  private RunMetrics.EarlyStopping stopping;
  private INDArray bestParameters;

  /**
   * @param checkpoints null for a run that keeps none
   * @param stopping early stopping's state after the epochs in {@code metrics}
   * @param bestParameters the parameters of its best epoch under early stopping, else null
   */
  EpochReview(TrainSettings settings, JavaRDD<DataSet> validation, StatisticSources inference,
              List<EpochMetrics> metrics, CheckpointStore checkpoints, long seed, TrainingProgress progress,
              RunMetrics.EarlyStopping stopping, INDArray bestParameters) {
    this.settings = settings;
    this.validation = validation;
    this.inference = inference;
    this.metrics = metrics;
    this.checkpoints = checkpoints;
    this.seed = seed;
    this.progress = progress;
    this.stopping = stopping;
    this.bestParameters = bestParameters;
  }

  @Override
  public void roundDone(RoundDone round) {
    progress.roundDone(round);
  }

  @Override
  public void epochDone(EpochReport report, Model network) {
    ConfigurationScore score = InferenceEvaluator.evaluate(network, validation,
        settings.trainer().batchSizePerWorker(), List.of(inference)).get(inference);
    requireFinite(report.epoch(), report.trainLoss(), score.loss(), network.params());
    EpochMetrics epoch = new EpochMetrics(report.epoch(), report.trainLoss(), score.loss(), score.accuracy(),
        (System.nanoTime() - epochStart) / 1e9, report.statisticsPrecision());
    metrics.add(epoch);
    progress.epochDone(epoch);
    stopping = stopping.after(report.epoch(), score.loss());
    if (settings.patience() > 0 && stopping.bestEpoch() == report.epoch()) {
      bestParameters = network.params().dup();
    }
    if (checkpoints != null) {
      checkpoints.save(network, seed, metrics, stopping);
    }
    epochStart = System.nanoTime();
  }

  @Override
  public boolean stopAfterEpoch() {
    return stopping.stoppedEarly();
  }

  RunMetrics.EarlyStopping earlyStopping() {
    return stopping;
  }

  /** Under early stopping, the best epoch's parameters, which the run publishes; else null. */
  INDArray bestParameters() {
    return bestParameters;
  }

  /**
   * Fails the run at the first epoch whose losses or parameters are not finite; the epoch is
   * neither recorded nor checkpointed, so the newest checkpoint stays the last finite one.
   */
  private static void requireFinite(int epoch, double trainLoss, double validationLoss, INDArray parameters) {
    String what = !Double.isFinite(trainLoss) ? "training loss " + trainLoss
        : !Double.isFinite(validationLoss) ? "validation loss " + validationLoss
        : parameters.isNaN().any() || parameters.isInfinite().any() ? "parameters not finite" : null;
    if (what != null) {
      throw new TrainingDivergedException("diverged at epoch " + epoch + " (" + what + "); no model was written, "
          + "and the newest checkpoint, if any, is finite; try a lower learning rate in a new run (--resume keeps "
          + "the run's settings)");
    }
  }
}
