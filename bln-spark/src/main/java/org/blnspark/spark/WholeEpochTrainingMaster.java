package org.blnspark.spark;

import java.util.UUID;
import java.util.function.DoubleConsumer;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaRDDLike;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.blnspark.model.BlnNetwork;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * DL4J's parameter averaging, with each epoch's data dealt into rounds by {@link AveragingRounds}
 * instead of DL4J's split: every example is trained on once per epoch, and every worker mini-batch
 * but a worker's last in the last round has exactly the per-worker batch size. The rounds come
 * already partitioned by worker, so DL4J's own repartitioning (a count job and a shuffle per
 * round) is switched off. Each round is trained by {@link WorkerRound} on networks the executors
 * keep from round to round, with the parameters and updater state sent as one flat array
 * ({@link TrainingState}) instead of DL4J's per-round network, and averaged on the way back by
 * Spark's {@code treeAggregate}, as DL4J averages. It tells its listener when each round is done.
 */
final class WholeEpochTrainingMaster extends ParameterAveragingTrainingMaster {
  private final transient TrainingListener listener;
  private final long seed;
  /** The per-worker batch size, BLN's m, handed to the rounds and the workers directly. */
  private final int batchSize;
  /** Mini-batches each worker fits between two averages. */
  private final int frequency;
  private final int workers;
  private int epoch;
  private int roundsPerEpoch;
  private int limit;
  /** Names this fit's networks on the executors ({@link ExecutorNetworks}). */
  private final String fitId = UUID.randomUUID().toString();
  /** The network as the workers first restore it, broadcast at the first round. */
  private transient Broadcast<NetworkSnapshot> snapshot;
  /** The fit's training data, its count and its numbered elements, the same every epoch. */
  private transient JavaRDDLike<?, ?> counted;
  private long count;
  private transient JavaRDD<?> numberedFrom;
  private transient JavaPairRDD<?, Long> numbered;

  /**
   * @param builder DL4J's settings for what DL4J still does here: the epoch's loop over the
   *     rounds, the caching of the training data and the timing statistics
   * @param settings the batch size, averaging frequency and seed (from which each epoch's dealing
   *     order is drawn), which this master and its workers use themselves
   */
  WholeEpochTrainingMaster(Builder builder, TrainerSettings settings, int workers, TrainingListener listener) {
    super(builder.repartionData(Repartition.Never));
    this.seed = settings.seed();
    this.batchSize = settings.batchSizePerWorker();
    this.frequency = settings.averagingFrequency();
    this.workers = workers;
    this.listener = listener;
  }

  /**
   * The number of the epoch the next fit trains, for its dealing order and the round events, and
   * how many of its examples it deals (0 for all).
   */
  void startEpoch(int epoch, int limit) {
    this.epoch = epoch;
    this.limit = limit;
  }

  /**
   * The seed of one epoch's order: a function of the run's seed and the epoch's number alone, so
   * that a run resumed at epoch k deals its epochs exactly as an uninterrupted run does.
   */
  static long dealingSeed(long seed, int epoch) {
    return new java.util.SplittableRandom(seed + 0x9E3779B97F4A7C15L * epoch).nextLong();
  }

  /** The rounds the last epoch was dealt into. */
  int roundsPerEpoch() {
    return roundsPerEpoch;
  }

  /** Counted once per fit: DL4J counts the data every epoch, a Spark job each time. */
  @Override
  protected <T, R extends JavaRDDLike<T, R>> long getTotalDataSetObjectCount(JavaRDDLike<T, R> trainingData) {
    if (trainingData != counted) {
      count = super.getTotalDataSetObjectCount(trainingData);
      counted = trainingData;
    }
    return count;
  }

  @Override
  protected <T> JavaRDD<T>[] getSplitRDDs(JavaRDD<T> trainingData, int totalDataSetObjectCount,
                                          int examplesPerDataSetObject) {
    if (collectTrainingStats) {
      stats.logSplitStart();
    }
    if (trainingData != numberedFrom) {
      numbered = AveragingRounds.number(trainingData);
      numberedFrom = trainingData;
    }
    @SuppressWarnings("unchecked")
    JavaPairRDD<T, Long> numberedData = (JavaPairRDD<T, Long>) numbered;
    JavaRDD<T>[] rounds = AveragingRounds.deal(numberedData, totalDataSetObjectCount,
        batchSize * frequency, workers, dealingSeed(seed, epoch), limit);
    if (collectTrainingStats) {
      stats.logSplitEnd();
    }
    roundsPerEpoch = rounds.length;
    return rounds;
  }

  /** {@code number} counts from 1: DL4J's executeTrainingDirect numbers its splits so. */
  @Override
  protected void doIteration(SparkDl4jMultiLayer network, JavaRDD<DataSet> round, int number, int rounds) {
    train(network.getSparkContext(), network.getNetwork(), round, network::setScore);
    listener.roundDone(new TrainingListener.RoundDone(epoch, number, rounds));
  }

  @Override
  protected void doIteration(SparkComputationGraph graph, JavaRDD<MultiDataSet> round, int number, int rounds) {
    train(graph.getSparkContext(), graph.getNetwork(), round, graph::setScore);
    listener.roundDone(new TrainingListener.RoundDone(epoch, number, rounds));
  }

  /**
   * Trains one round on the workers and sets {@code net} to their mean state, and DL4J's Spark
   * wrapper's score to their mean loss. The driver's iteration count then moves on by the averaging
   * frequency, as DL4J's master moves it.
   */
  private <T> void train(JavaSparkContext sc, Model net, JavaRDD<T> round, DoubleConsumer score) {
    if (collectTrainingStats) {
      stats.logMapPartitionsStart();
    }
    if (snapshot == null) {
      snapshot = sc.broadcast(NetworkSnapshot.of(net));
    }
    if (collectTrainingStats) {
      stats.logBroadcastStart();
    }
    Broadcast<TrainingState> start = sc.broadcast(TrainingState.of(net));
    if (collectTrainingStats) {
      stats.logBroadcastEnd();
      stats.logAggregateStartTime();
    }
    int iteration = BlnNetwork.of(net).iterationCount();
    RoundResult result = round.mapPartitions(new WorkerRound<T>(fitId, snapshot, start, iteration,
            BlnNetwork.of(net).epochCount(), batchSize, collectTrainingStats))
        .treeAggregate(RoundResult.empty(), RoundResult::add, RoundResult::add, aggregationDepth);
    start.unpersist(false);
    if (collectTrainingStats) {
      stats.logAggregationEndTime();
      stats.logProcessParamsUpdaterStart();
    }
    if (result.workers() > 0) {
      result.meanState().applyTo(net);
      score.accept(result.meanScore());
      BlnNetwork network = BlnNetwork.of(net);
      network.setCounts(iteration + frequency, network.epochCount());
    }
    if (collectTrainingStats) {
      stats.logProcessParamsUpdaterEnd();
      stats.addWorkerStats(result.stats());
      stats.logMapPartitionsEnd(round.getNumPartitions());
    }
  }

  /** Frees the fit's broadcast network; the executors' kept networks go when later fits need room. */
  void release() {
    if (snapshot != null) {
      snapshot.destroy();
      snapshot = null;
    }
  }
}
