package org.blnspark.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.blnspark.model.BadInputException;
import org.blnspark.model.BatchLayerNormalizationLayer;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.statistics.ObservedLayers;
import org.blnspark.model.statistics.StatisticsPrecision;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a network of either kind, a {@code MultiLayerNetwork} or a {@code ComputationGraph} with
 * one input and one output, on Spark with DL4J's driver-side parameter averaging, then fills BLN's
 * population statistics with a distributed statistics pass. An epoch trains on every example once
 * ({@link WholeEpochTrainingMaster}), and each worker trains on mini-batches of exactly
 * {@link TrainerSettings#batchSizePerWorker} examples (only its last in an epoch may be shorter),
 * so BLN's 1/m is the per-worker batch size.
 *
 * <p>This class and the others of this package are the only places that call DL4J's Spark module,
 * which DL4J no longer develops; the rest of the product sees only this API.
 */
public final class BlnSparkTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(BlnSparkTrainer.class);

  /** The Spark job group of parameter-averaging rounds, so that the UI tells them apart. */
  private static final String TRAINING_JOB_GROUP = "bln-training";

  private final TrainerSettings settings;

  public BlnSparkTrainer(TrainerSettings settings) {
    this.settings = java.util.Objects.requireNonNull(settings, "settings");
  }

  public TrainerSettings settings() {
    return settings;
  }

  /** As {@link #fit(Model, JavaRDD, Epochs, TrainingListener)}, heard by nobody. */
  public TrainingResult fit(Model net, JavaRDD<DataSet> data, Epochs epochs) {
    return fit(net, data, epochs, TrainingListener.NONE);
  }

  /**
   * Trains {@code net} in place on {@code data}, one example per element, for {@code epochs}.
   * Leave {@code data} uncached or cache it at {@code MEMORY_ONLY_SER}: DL4J persists it at that
   * level, and Spark refuses to change a cached RDD's level. Each epoch's dealing order depends on
   * the seed and the epoch's number alone, so a run resumed from a checkpoint deals as an
   * uninterrupted run would.
   */
  public TrainingResult fit(Model net, JavaRDD<DataSet> data, Epochs epochs, TrainingListener listener) {
    if (settings.collectTimings()) {
      TrainingTimings.requireOfflineClock();
    }
    requireEstimatorDefined(net);
    requireOneExamplePerElement(data);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.context());
    int workers = settings.workersFor(sc.defaultParallelism());
    List<EpochReport> reports = new ArrayList<>();
    WholeEpochTrainingMaster master = trainingMaster(workers, listener);
    SparkNetwork sparkNet = SparkNetwork.of(sc, net, master, data, settings.collectTimings());
    try {
      for (int epoch = epochs.first(); epoch <= epochs.last(); epoch++) {
        master.startEpoch(epoch, epoch == epochs.last() ? epochs.lastEpochExamples() : 0);
        EpochReport report = trainEpoch(sc, sparkNet, net, data, epoch, epochs);
        reports.add(report);
        listener.epochDone(report, net);
        if (listener.stopAfterEpoch()) {
          break;
        }
      }
    } finally {
      sparkNet.release();
      master.release();
    }
    TrainingTimings timings = settings.collectTimings() ? new TrainingTimings(sparkNet.stats()) : null;
    return new TrainingResult(reports, new TrainingPlan(workers, master.roundsPerEpoch()), timings);
  }

  private EpochReport trainEpoch(JavaSparkContext sc, SparkNetwork sparkNet, Model net, JavaRDD<DataSet> data,
                                 int epoch, Epochs epochs) {
    long start = System.nanoTime();
    sc.setJobGroup(TRAINING_JOB_GROUP, "BLN parameter averaging, epoch " + epoch, false);
    try {
      sparkNet.fitEpoch();
    } finally {
      sc.clearJobGroup();
    }
    double trainSeconds = seconds(start);
    // The driver's copy never ran a training step, so the batch size and the stale, averaged
    // population parameters must be set here, not left to the workers.
    BlnNetworks.setTrainingBatchSize(net, settings.batchSizePerWorker());
    BlnNetworks.blnLayers(net).forEach(layer -> layer.setPopulationCollected(false));
    double statisticsSeconds = 0;
    Map<String, StatisticsPrecision> precision = Map.of();
    if (settings.statisticsEveryEpoch() || epoch == epochs.last()) {
      long statisticsStart = System.nanoTime();
      precision = PopulationStatisticsPass.run(net, data, settings.batchSizePerWorker(), settings.seed(),
          settings.statisticsExamples(), settings.estimator(), ObservedLayers.BLN).precision(settings.estimator());
      statisticsSeconds = seconds(statisticsStart);
    }
    EpochReport report = new EpochReport(epoch, sparkNet.score(), trainSeconds, statisticsSeconds, precision);
    LOG.info("epoch {}/{}: train loss {}, {} s training, {} s statistics", epoch, epochs.last(),
        String.format("%.4f", report.trainLoss()), String.format("%.1f", trainSeconds),
        String.format("%.1f", statisticsSeconds));
    return report;
  }

  /** DL4J's master, dealing each epoch by the run's seed and the epoch's number. */
  private WholeEpochTrainingMaster trainingMaster(int workers, TrainingListener listener) {
    // Each element of the data is one example. The batch size, averaging frequency, workers and
    // seed go to the master and its workers directly: they deal the rounds and fit the batches.
    ParameterAveragingTrainingMaster.Builder builder = new ParameterAveragingTrainingMaster.Builder(1)
        // Export would cut each input partition into mini-batch files, remainders included, and
        // deal those: batches of other sizes than m, and batches that depend on the partitioning.
        .rddTrainingApproach(RDDTrainingApproach.Direct)
        .collectTrainingStats(settings.collectTimings());
    return new WholeEpochTrainingMaster(builder, settings, workers, listener);
  }

  /** Fails before any work when the estimator is undefined for the network's layers at this batch size. */
  private void requireEstimatorDefined(Model net) {
    for (BatchLayerNormalizationLayer layer : BlnNetworks.blnLayers(net)) {
      settings.estimator().problemAt(layer.layerConf().shapeFor(settings.batchSizePerWorker())).ifPresent(problem -> {
        throw new BadInputException(layer.layerConf().getLayerName() + ": " + problem);
      });
    }
  }

  /**
   * The rounds are dealt in elements, and DL4J's workers stop after their share of elements of m
   * examples each: with n examples an element, they would fit only 1/n of every round.
   */
  private static void requireOneExamplePerElement(JavaRDD<DataSet> data) {
    List<DataSet> first = data.take(1);
    if (!first.isEmpty() && first.get(0).numExamples() != 1) {
      throw new IllegalArgumentException("each element of the training data must hold one example, got "
          + first.get(0).numExamples());
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
