package org.blnspark.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The trainer's rounds against parameter averaging done by hand, as DL4J's own workers do it: every
 * round, each worker a new network built from the driver's configuration and counts, with copies
 * of its parameters and updater state, trained on its share; then the driver takes the mean
 * parameters and updater state, and moves its iteration count on by the averaging frequency. The
 * trainer keeps its networks on the executors between rounds instead, and sends the state as one
 * flat array; what they train must not differ.
 */
class ParameterAveragingTest {
  @RegisterExtension
  static final LocalSparkContext context = new LocalSparkContext();

  private static final int EXAMPLES = 50;
  private static final int BATCH = 4;
  private static final int FREQUENCY = 2;
  private static final int WORKERS = 2;
  private static final long SEED = 21;

  @Test
  void anEpochTrainsAsNewWorkersAveragedAfterEveryRoundWould() {
    List<DataSet> examples = LocalSpark.examples(EXAMPLES, 18);
    MultiLayerNetwork trained = LocalSpark.network(18);
    new BlnSparkTrainer(TrainerSettings.defaults().withBatchSizePerWorker(BATCH).withAveragingFrequency(FREQUENCY)
        .withWorkers(WORKERS).withSeed(SEED)).fit(trained, LocalSpark.rdd(context.get(), examples, 3), Epochs.of(1));

    MultiLayerNetwork byHand = LocalSpark.network(18);
    averageByHand(byHand, examples);

    // The dense and output layers: the statistics pass has since rewritten the BLN layers'
    // population parameters in the trained network.
    for (int layer : new int[] {1, 3}) {
      assertThat(trained.getLayer(layer).params().equalsWithEps(byHand.getLayer(layer).params(), 1e-12))
          .as("layer %d: %s against %s", layer, trained.getLayer(layer).params(), byHand.getLayer(layer).params())
          .isTrue();
    }
    assertThat(trained.getLayerWiseConfigurations().getIterationCount())
        .isEqualTo(byHand.getLayerWiseConfigurations().getIterationCount());
  }

  /** Epoch 1 of the trainer's dealing order, in rounds of WORKERS × FREQUENCY × BATCH examples. */
  private static void averageByHand(MultiLayerNetwork driver, List<DataSet> examples) {
    int[] positions = AveragingRounds.randomPositions(EXAMPLES, WholeEpochTrainingMaster.dealingSeed(SEED, 1));
    DataSet[] inOrder = new DataSet[EXAMPLES];
    for (int i = 0; i < EXAMPLES; i++) {
      inOrder[positions[i]] = examples.get(i);
    }
    int perRound = WORKERS * FREQUENCY * BATCH;
    for (int start = 0; start < EXAMPLES; start += perRound) {
      INDArray paramsSum = null;
      INDArray updaterSum = null;
      int workers = 0;
      for (int worker = 0; worker < WORKERS; worker++) {
        List<DataSet> share = new ArrayList<>();
        for (int p = start + worker; p < Math.min(EXAMPLES, start + perRound); p += WORKERS) {
          share.add(inOrder[p]);
        }
        if (share.isEmpty()) {
          continue;
        }
        MultiLayerNetwork local = new MultiLayerNetwork(driver.getLayerWiseConfigurations().clone());
        local.init(driver.params().dup(), false);
        local.setUpdater(new MultiLayerUpdater(local, driver.getUpdater().getStateViewArray().dup()));
        for (int from = 0; from < share.size(); from += BATCH) {
          local.fit(DataSet.merge(share.subList(from, Math.min(share.size(), from + BATCH))));
        }
        paramsSum = paramsSum == null ? local.params().dup() : paramsSum.addi(local.params());
        INDArray updater = local.getUpdater().getStateViewArray();
        updaterSum = updaterSum == null ? updater.dup() : updaterSum.addi(updater);
        workers++;
      }
      driver.setParameters(paramsSum.divi(workers));
      driver.getUpdater().setStateViewArray(driver, updaterSum.divi(workers), false);
      driver.getLayerWiseConfigurations().setIterationCount(
          driver.getLayerWiseConfigurations().getIterationCount() + FREQUENCY);
    }
  }
}
