package org.blnspark.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.PopulationEstimator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.stats.SparkTrainingStats;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.stats.StatsUtils;
import org.deeplearning4j.spark.time.SystemClockTimeSource;
import org.deeplearning4j.spark.time.TimeSourceProvider;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a network on Spark with DL4J's driver-side parameter averaging, then fills BLN's
 * population statistics with a distributed statistics pass. An epoch trains on every example once
 * ({@link WholeEpochTrainingMaster}), and each worker trains on mini-batches of exactly
 * {@link #batchSizePerWorker} examples (only its last in an epoch may be shorter), so BLN's 1/m is
 * the per-worker batch size.
 *
 * <p>This class and the others of this package are the only places that call DL4J's Spark module,
 * which DL4J no longer develops; the rest of the product sees only this API.
 */
public final class BlnSparkTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(BlnSparkTrainer.class);

  /** The Spark job group of parameter-averaging rounds, so that listeners and the UI can tell them apart. */
  public static final String TRAINING_JOB_GROUP = "bln-training";

  /** Called on the driver after each epoch, once the population statistics are current. */
  @FunctionalInterface
  public interface EpochListener {
    void epochDone(EpochReport report, MultiLayerNetwork network);
  }

  private int batchSizePerWorker = 25;
  private int averagingFrequency = 5;
  private int workers;
  private int epochs = 1;
  private int firstEpoch = 1;
  private long seed = 12345;
  private PopulationEstimator estimator = PopulationEstimator.POOLED;
  private boolean statisticsEveryEpoch;
  private boolean collectTrainingStats;
  private EpochListener listener = (report, network) -> { };
  private SparkTrainingStats trainingStats;

  /** Examples per worker mini-batch: BLN's m. Default 25, as in the paper. */
  public BlnSparkTrainer batchSizePerWorker(int batchSizePerWorker) {
    this.batchSizePerWorker = requireAtLeast(1, batchSizePerWorker, "batch size per worker");
    return this;
  }

  /** Mini-batches each worker fits between two parameter averages. Default 5. */
  public BlnSparkTrainer averagingFrequency(int averagingFrequency) {
    this.averagingFrequency = requireAtLeast(1, averagingFrequency, "averaging frequency");
    return this;
  }

  /** Number of workers the data is split over; default, Spark's default parallelism. */
  public BlnSparkTrainer workers(int workers) {
    this.workers = requireAtLeast(1, workers, "workers");
    return this;
  }

  /** The number of the last epoch: how many epochs the run has in all. */
  public BlnSparkTrainer epochs(int epochs) {
    this.epochs = requireAtLeast(1, epochs, "epochs");
    return this;
  }

  /** The number of the first epoch to train: 1, or one more than the epochs a resumed run has done. */
  public BlnSparkTrainer firstEpoch(int firstEpoch) {
    this.firstEpoch = requireAtLeast(1, firstEpoch, "first epoch");
    return this;
  }

  /**
   * Seed of the order in which each epoch's examples are dealt into averaging rounds
   * ({@link AveragingRounds}). One fit seeds it with
   * {@code seed + firstEpoch}, so a resumed run is reproducible, though its data order differs
   * from that of an uninterrupted run.
   */
  public BlnSparkTrainer seed(long seed) {
    this.seed = seed;
    return this;
  }

  public BlnSparkTrainer estimator(PopulationEstimator estimator) {
    this.estimator = estimator;
    return this;
  }

  /** Runs the statistics pass after every epoch, not only the last, so that per-epoch validation is meaningful. */
  public BlnSparkTrainer statisticsEveryEpoch(boolean statisticsEveryEpoch) {
    this.statisticsEveryEpoch = statisticsEveryEpoch;
    return this;
  }

  /**
   * Collects DL4J's Spark timing statistics; export them with {@link #exportTrainingStats}. DL4J
   * timestamps them with an NTP clock by default, which needs the internet; unless the JVM says
   * otherwise, this switches the driver (and, in local mode, the executors) to the system clock.
   * On a cluster, pass {@code -Dorg.deeplearning4j.spark.time.TimeSource=
   * org.deeplearning4j.spark.time.SystemClockTimeSource} in {@code spark.executor.extraJavaOptions}.
   */
  public BlnSparkTrainer collectTrainingStats(boolean collectTrainingStats) {
    this.collectTrainingStats = collectTrainingStats;
    if (collectTrainingStats && System.getProperty(TimeSourceProvider.TIMESOURCE_CLASSNAME_PROPERTY) == null) {
      System.setProperty(TimeSourceProvider.TIMESOURCE_CLASSNAME_PROPERTY, SystemClockTimeSource.class.getName());
    }
    return this;
  }

  public BlnSparkTrainer listener(EpochListener listener) {
    this.listener = listener;
    return this;
  }

  public int batchSizePerWorker() {
    return batchSizePerWorker;
  }

  /**
   * Trains {@code net} in place on {@code data}, one example per element, and returns one report
   * per epoch. Leave {@code data} uncached or cache it at {@code MEMORY_ONLY_SER}: DL4J persists it
   * at that level, and Spark refuses to change a cached RDD's level.
   */
  public List<EpochReport> fit(MultiLayerNetwork net, JavaRDD<DataSet> data) {
    if (estimator == PopulationEstimator.EPOCH_AVERAGE && batchSizePerWorker == 1) {
      throw new IllegalArgumentException("EPOCH_AVERAGE is undefined for a batch size of 1 (its unbiased "
          + "variance divides by m-1 = 0); use POOLED");
    }
    if (firstEpoch > epochs) {
      throw new IllegalArgumentException("first epoch " + firstEpoch + " is after the last, " + epochs);
    }
    requireOneExamplePerElement(data);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.context());
    SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, net, trainingMaster(sc));
    sparkNet.setCollectTrainingStats(collectTrainingStats);
    boolean cachedByDl4j = data.getStorageLevel().equals(StorageLevel.NONE());
    List<EpochReport> reports = new ArrayList<>();
    try {
      for (int epoch = firstEpoch; epoch <= epochs; epoch++) {
        EpochReport report = trainEpoch(sc, sparkNet, data, epoch);
        reports.add(report);
        listener.epochDone(report, net);
      }
    } finally {
      // DL4J caches the training data and never lets it go; a sweep fits many networks in one JVM.
      if (cachedByDl4j) {
        data.unpersist(false);
      }
    }
    trainingStats = collectTrainingStats ? sparkNet.getSparkTrainingStats() : null;
    return reports;
  }

  private EpochReport trainEpoch(JavaSparkContext sc, SparkDl4jMultiLayer sparkNet, JavaRDD<DataSet> data,
                                 int epoch) {
    MultiLayerNetwork net = sparkNet.getNetwork();
    long start = System.nanoTime();
    sc.setJobGroup(TRAINING_JOB_GROUP, "BLN parameter averaging, epoch " + epoch, false);
    try {
      sparkNet.fit(data);
    } finally {
      sc.clearJobGroup();
    }
    double trainSeconds = seconds(start);
    // The driver's copy never ran a training step, so the batch size and the stale, averaged
    // population parameters must be set here, not left to the workers.
    BlnNetworks.setTrainingBatchSize(net, batchSizePerWorker);
    BlnNetworks.blnLayers(net).forEach(layer -> layer.setPopulationCollected(false));
    double statisticsSeconds = 0;
    if (statisticsEveryEpoch || epoch == epochs) {
      long statisticsStart = System.nanoTime();
      PopulationStatisticsPass.run(net, data, batchSizePerWorker, estimator);
      statisticsSeconds = seconds(statisticsStart);
    }
    EpochReport report = new EpochReport(epoch, sparkNet.getScore(), trainSeconds, statisticsSeconds);
    LOG.info("epoch {}/{}: train loss {}, {} s training, {} s statistics", epoch, epochs, report.trainLoss(),
        String.format("%.1f", trainSeconds), String.format("%.1f", statisticsSeconds));
    return report;
  }

  /** DL4J's timing statistics of the last fit; needs {@link #collectTrainingStats}. */
  public SparkTrainingStats trainingStats() {
    if (trainingStats == null) {
      throw new IllegalStateException("no training statistics: call collectTrainingStats(true) before fit");
    }
    return trainingStats;
  }

  /** Writes DL4J's Spark training timeline as HTML to any Hadoop path. */
  public void exportTrainingStats(String path, JavaSparkContext sc) throws Exception {
    StatsUtils.exportStatsAsHtml(trainingStats(), path, sc);
  }

  private ParameterAveragingTrainingMaster trainingMaster(JavaSparkContext sc) {
    ParameterAveragingTrainingMaster.Builder builder = new ParameterAveragingTrainingMaster.Builder(
        workers > 0 ? workers : sc.defaultParallelism(), 1)
        .batchSizePerWorker(batchSizePerWorker)
        .averagingFrequency(averagingFrequency)
        // A worker stops after its averaging round's batches; a prefetch thread still reading from
        // HDFS then gets interrupted, which has killed executors in our cluster tests.
        .workerPrefetchNumBatches(0)
        .rngSeed(seed + firstEpoch)
        // Export would cut each input partition into mini-batch files, remainders included, and
        // deal those: batches of other sizes than m, and batches that depend on the partitioning.
        .rddTrainingApproach(RDDTrainingApproach.Direct)
        .collectTrainingStats(collectTrainingStats);
    return new WholeEpochTrainingMaster(builder);
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

  private static int requireAtLeast(int min, int value, String what) {
    if (value < min) {
      throw new IllegalArgumentException(what + " must be at least " + min + ", got " + value);
    }
    return value;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
