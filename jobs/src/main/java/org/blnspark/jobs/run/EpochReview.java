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
 * a run that diverged before anything of it is kept, records the epoch, checkpoints it, and keeps
 * the best epoch's parameters for early stopping.
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
  private double bestLoss = Double.POSITIVE_INFINITY;
  private int bestEpoch;
  private INDArray bestParameters;
  private boolean stop;

  /** @param checkpoints null for a run that keeps none */
  EpochReview(TrainSettings settings, JavaRDD<DataSet> validation, StatisticSources inference,
              List<EpochMetrics> metrics, CheckpointStore checkpoints, long seed, TrainingProgress progress) {
    this.settings = settings;
    this.validation = validation;
    this.inference = inference;
    this.metrics = metrics;
    this.checkpoints = checkpoints;
    this.seed = seed;
    this.progress = progress;
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
    if (checkpoints != null) {
      checkpoints.save(network, seed, metrics);
    }
    if (score.loss() < bestLoss) {
      bestLoss = score.loss();
      bestEpoch = report.epoch();
      bestParameters = settings.patience() > 0 ? network.params().dup() : null;
    } else if (settings.patience() > 0 && report.epoch() - bestEpoch >= settings.patience()) {
      stop = true;
    }
    epochStart = System.nanoTime();
  }

  @Override
  public boolean stopAfterEpoch() {
    return stop;
  }

  /** With early stopping, puts the best epoch's parameters back: that is the model the run publishes. */
  void restoreBest(Model network) {
    if (bestParameters != null && bestEpoch != metrics.get(metrics.size() - 1).epoch()) {
      network.setParams(bestParameters);
    }
  }

  RunMetrics.EarlyStopping earlyStopping() {
    return new RunMetrics.EarlyStopping(settings.patience(), bestEpoch, stop);
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
