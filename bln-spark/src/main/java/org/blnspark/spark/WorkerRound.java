package org.blnspark.spark;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.blnspark.model.BlnNetwork;
import org.deeplearning4j.datasets.iterator.IteratorDataSetIterator;
import org.deeplearning4j.datasets.iterator.IteratorMultiDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.impl.paramavg.stats.ParameterAveragingTrainingWorkerStats.ParameterAveragingTrainingWorkerStatsHelper;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * One worker's part of a parameter-averaging round, run over its partition of the round: a network
 * borrowed from {@link ExecutorNetworks} (restored from the fit's snapshot the first time), set to
 * the round's starting state and to the driver's iteration and epoch counts, trained on the
 * partition in mini-batches of the per-worker batch size, its state returned for averaging. This
 * is DL4J's {@code ParameterAveragingTrainingWorker}'s work, less the rebuilding of the network.
 *
 * @param <T> {@code DataSet} for a {@code MultiLayerNetwork}, {@code MultiDataSet} for a graph
 * @param fitId names the fit whose networks the executors keep
 * @param network the fit's network, broadcast once per fit
 * @param start the round's starting state, broadcast every round
 * @param iteration the driver's iteration count, on which Adam's bias correction and schedules depend
 * @param epoch the driver's epoch count, on which epoch schedules depend
 */
record WorkerRound<T>(String fitId, Broadcast<NetworkSnapshot> network, Broadcast<TrainingState> start, int iteration,
                      int epoch, int batchSize, boolean collectStats)
    implements FlatMapFunction<Iterator<T>, RoundResult> {
  @Override
  public Iterator<RoundResult> call(Iterator<T> examples) {
    if (!examples.hasNext()) {
      return Collections.emptyIterator();
    }
    if (collectStats) {
      TrainingTimings.requireOfflineClock();
    }
    ParameterAveragingTrainingWorkerStatsHelper stats =
        collectStats ? new ParameterAveragingTrainingWorkerStatsHelper() : null;
    if (stats != null) {
      stats.logBroadcastGetValueStart();
    }
    TrainingState state = start.value();
    if (stats != null) {
      stats.logBroadcastGetValueEnd();
    }
    Model net = ExecutorNetworks.borrow(fitId, () -> network.value().restore());
    state.applyTo(net);
    BlnNetwork.of(net).setCounts(iteration, epoch);
    if (stats != null) {
      stats.logInitEnd();
    }
    fit(net, examples, stats);
    RoundResult result = RoundResult.ofWorker(TrainingState.of(net), net.score(), stats == null ? null : stats.build());
    ExecutorNetworks.giveBack(fitId, net);
    return List.of(result).iterator();
  }

  @SuppressWarnings("unchecked")
  private void fit(Model net, Iterator<T> examples, ParameterAveragingTrainingWorkerStatsHelper stats) {
    BlnNetwork network = BlnNetwork.of(net);
    if (network instanceof BlnNetwork.Graph graph) {
      fitBatches(new IteratorMultiDataSetIterator((Iterator<MultiDataSet>) examples, batchSize), graph.net()::fit,
          batch -> batch.getFeatures(0).size(0), stats);
    } else {
      fitBatches(new IteratorDataSetIterator((Iterator<DataSet>) examples, batchSize),
          ((BlnNetwork.Layered) network).net()::fit, DataSet::numExamples, stats);
    }
  }

  private static <B> void fitBatches(Iterator<B> batches, Consumer<B> fit, ToLongFunction<B> examples,
                                     ParameterAveragingTrainingWorkerStatsHelper stats) {
    while (batches.hasNext()) {
      B batch = batches.next();
      if (stats != null) {
        stats.logFitStart();
      }
      fit.accept(batch);
      if (stats != null) {
        stats.logFitEnd(examples.applyAsLong(batch));
      }
    }
  }
}
