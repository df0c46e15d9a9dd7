package org.blnspark.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.blnspark.jobs.data.DatasetContent;
import org.blnspark.jobs.data.DatasetIdentity;
import org.blnspark.jobs.data.DatasetKind;
import org.blnspark.jobs.data.Split;
import org.blnspark.jobs.io.FaultyFileSystem;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.model.zoo.InputShape;
import org.blnspark.model.BadInputException;
import org.blnspark.model.BatchLayerNormalization;
import org.blnspark.model.zoo.ModelSettings;
import org.blnspark.model.zoo.Normalization;
import org.blnspark.model.zoo.PaperModels;
import org.blnspark.model.StatisticsAxes;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints on the local filesystem: what one holds, pruning, skipping partial or corrupt ones,
 * refusing another run's, and failing on a read the filesystem fails.
 */
class CheckpointStoreTest {
  private static final long SEED = 42;
  private static final DatasetIdentity DATA = new DatasetIdentity(DatasetKind.USER, new InputShape.Tabular(4), 3,
      "0123456789abcdef", null);
  /** Early stopping's state in the checkpoints of a run without it. */
  private static final RunMetrics.EarlyStopping NEVER = RunMetrics.EarlyStopping.start(0);
  private static final DatasetContent CONTENT = new DatasetContent(Map.of(Split.TRAIN,
      new DatasetContent.SplitContent(8, "0a"), Split.VALIDATION, new DatasetContent.SplitContent(2, "0b"), Split.TEST,
      new DatasetContent.SplitContent(2, "0c")));

  @TempDir
  Path dir;

  private final Configuration hadoop = new Configuration();

  @Test
  void theNewestCheckpointRestoresTheNetworkTheSeedAndTheMetricsAndOnlyTheLastKAreKept() throws IOException {
    CheckpointStore store = store(2);
    MultiLayerNetwork net = network();
    List<EpochMetrics> metrics = new ArrayList<>();
    for (int epoch = 1; epoch <= 3; epoch++) {
      metrics.add(new EpochMetrics(epoch, 1.0 / epoch, 1.5 / epoch, 0.5 + epoch / 10.0, epoch, Map.of()));
      store.save(net, SEED, metrics, NEVER);
    }

    assertThat(names()).containsExactly("epoch-2.json", "epoch-2.zip", "epoch-3.json", "epoch-3.zip");
    CheckpointStore.Checkpoint latest = store.latest().orElseThrow();
    assertThat(latest.epoch()).isEqualTo(3);
    assertThat(latest.seed()).isEqualTo(SEED);
    assertThat(latest.metrics()).isEqualTo(metrics);
    assertThat(latest.network().params()).isEqualTo(net.params());
    INDArray updaterState = net.getUpdater().getStateViewArray();
    assertThat(updaterState.sumNumber().doubleValue()).isNotZero();
    assertThat(((MultiLayerNetwork) latest.network()).getUpdater().getStateViewArray()).isEqualTo(updaterState);
  }

  @Test
  void aZipWithoutItsJsonIsIncompleteAndACorruptZipIsSkipped() throws IOException {
    CheckpointStore store = store(5);
    MultiLayerNetwork net = network();
    List<EpochMetrics> metrics = new ArrayList<>();
    for (int epoch = 1; epoch <= 2; epoch++) {
      metrics.add(new EpochMetrics(epoch, 1, 1, 0.5, 1, Map.of()));
      store.save(net, SEED, metrics, NEVER);
    }
    // Epoch 3 died between its zip and its JSON; epoch 2's zip was damaged afterwards.
    Files.copy(dir.resolve("epoch-2.zip"), dir.resolve("epoch-3.zip"));
    Files.write(dir.resolve("epoch-2.zip"), new byte[] {'P', 'K', 3, 4});

    assertThat(store.latest()).get().extracting(CheckpointStore.Checkpoint::epoch).isEqualTo(1);
  }

  @Test
  void checkpointsOfWhichNoneLoadsAreRefusedByNameNotTakenForAFreshStart() throws IOException {
    CheckpointStore store = store(5);
    List<EpochMetrics> metrics = new ArrayList<>();
    for (int epoch = 1; epoch <= 2; epoch++) {
      metrics.add(new EpochMetrics(epoch, 1, 1, 0.5, 1, Map.of()));
      store.save(network(), SEED, metrics, NEVER);
    }
    Files.write(dir.resolve("epoch-1.zip"), new byte[] {'P', 'K', 3, 4});
    Files.writeString(dir.resolve("epoch-2.json"), "{\"run\":");

    assertThatThrownBy(store::latest).isInstanceOf(BadInputException.class)
        .hasMessageContaining("no checkpoint in " + dir + " loads")
        .hasMessageContaining(dir.resolve("epoch-1.zip").toString())
        .hasMessageContaining(dir.resolve("epoch-2.json").toString())
        .hasMessageContaining("--overwrite instead of --resume");
    assertThat(names()).containsExactly("epoch-1.json", "epoch-1.zip", "epoch-2.json", "epoch-2.zip");
  }

  @Test
  void aCheckpointTheFilesystemFailsToDeliverFailsTheResumeInsteadOfBeingSkipped() {
    HadoopFiles faulty = new HadoopFiles(FaultyFileSystem.configuration());
    CheckpointStore store = new CheckpointStore(faulty, "faulty://" + dir, 5, run("bln", "25"), DATA);
    List<EpochMetrics> metrics = new ArrayList<>();
    for (int epoch = 1; epoch <= 2; epoch++) {
      metrics.add(new EpochMetrics(epoch, 1, 1, 0.5, 1, Map.of()));
      store.save(network(), SEED, metrics, NEVER);
    }
    try {
      for (String failing : List.of("epoch-2.zip", "epoch-2.json")) {
        FaultyFileSystem.failReadsOf = failing;
        assertThatThrownBy(store::latest).as(failing).isInstanceOf(BadInputException.class)
            .hasMessageContaining("cannot read faulty://" + dir.resolve(failing))
            .hasMessageContaining("run again once the filesystem serves it");
      }
    } finally {
      FaultyFileSystem.failReadsOf = null;
    }
    assertThat(store.latest()).get().extracting(CheckpointStore.Checkpoint::epoch).isEqualTo(2);
  }

  @Test
  void pruningNeverRemovesTheCheckpointJustWrittenWhateverHigherEpochsLinger() throws IOException {
    CheckpointStore store = store(1);
    List<EpochMetrics> metrics = new ArrayList<>();
    metrics.add(new EpochMetrics(1, 1, 1, 0.5, 1, Map.of()));
    store.save(network(), SEED, metrics, NEVER);
    // Epochs 4 and 5 of an earlier attempt, corrupt, so that a resume started over from epoch 1.
    for (int stale = 4; stale <= 5; stale++) {
      Files.copy(dir.resolve("epoch-1.json"), dir.resolve("epoch-" + stale + ".json"));
      Files.write(dir.resolve("epoch-" + stale + ".zip"), new byte[] {'P', 'K', 3, 4});
    }
    metrics.add(new EpochMetrics(2, 1, 1, 0.5, 1, Map.of()));
    store.save(network(), SEED, metrics, NEVER);

    assertThat(names()).contains("epoch-2.json", "epoch-2.zip").doesNotContain("epoch-1.json", "epoch-1.zip");
    assertThat(store.latest()).get().extracting(CheckpointStore.Checkpoint::epoch).isEqualTo(2);
  }

  @Test
  void underEarlyStoppingTheBestEpochOutlivesPruningAndAResumeGetsItsStateAndParametersBack() throws IOException {
    CheckpointStore store = store(1);
    MultiLayerNetwork net = network();
    List<EpochMetrics> metrics = new ArrayList<>();
    RunMetrics.EarlyStopping stopping = RunMetrics.EarlyStopping.start(2);
    INDArray best = null;
    double[] validationLosses = {1.0, 0.5, 0.7};
    for (int epoch = 1; epoch <= 3; epoch++) {
      net.params().addi(1);
      metrics.add(new EpochMetrics(epoch, 1, validationLosses[epoch - 1], 0.5, 1, Map.of()));
      stopping = stopping.after(epoch, validationLosses[epoch - 1]);
      store.save(net, SEED, metrics, stopping);
      best = epoch == 2 ? net.params().dup() : best;
    }

    assertThat(names()).containsExactly("epoch-2.json", "epoch-2.zip", "epoch-3.json", "epoch-3.zip");
    CheckpointStore.Checkpoint latest = store.latest().orElseThrow();
    assertThat(latest.stopping()).isEqualTo(new RunMetrics.EarlyStopping(2, 2, 0.5, false));
    assertThat(store.bestParameters(latest)).isEqualTo(best);
  }

  @Test
  void anEmptyDirectoryHasNoCheckpoint() {
    assertThat(store(1).latest()).isEmpty();
  }

  @Test
  void aCheckpointOfAnotherRunIsNeverAdoptedAndItsDifferenceIsNamed() {
    List<EpochMetrics> metrics = List.of(new EpochMetrics(1, 1, 1, 0.5, 1, Map.of()));
    store(2).save(network(), SEED, metrics, NEVER);

    CheckpointStore bn = store(2, run("bn", "25"));
    assertThatThrownBy(bn::latest).isInstanceOf(BadInputException.class)
        .hasMessageContaining("belongs to another run").hasMessageContaining("--norm differs: bln there, bn here");
    assertThatThrownBy(() -> store(2, run("bln", "10")).latest())
        .hasMessageContaining("--batch-size differs: 25 there, 10 here");
    assertThat(store(2).latest()).isPresent();
  }

  @Test
  void aCheckpointTrainedOnOtherRowsOrByOtherCodeIsNeverAdoptedAndTheFixIsNamed() {
    store(2).save(network(), SEED, List.of(new EpochMetrics(1, 1, 1, 0.5, 1, Map.of())), NEVER);
    Map<String, String> settings = run("bln", "25").settings();
    DatasetContent fewerRows = new DatasetContent(Map.of(Split.TRAIN, new DatasetContent.SplitContent(6, "0a"),
        Split.VALIDATION, CONTENT.splits().get(Split.VALIDATION), Split.TEST, CONTENT.splits().get(Split.TEST)));

    assertThatThrownBy(() -> store(2, new RunIdentity(settings, fewerRows, CodeVersion.current())).latest())
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("the data differs: the train split has 8 rows there, 6 here")
        .hasMessageContaining("--overwrite");
    CodeVersion otherCode = new CodeVersion("fedcba9876543210fedcba9876543210fedcba98", false);
    assertThatThrownBy(() -> store(2, new RunIdentity(settings, CONTENT, otherCode)).latest())
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("the code differs: commit " + CodeVersion.current().describe() + " there, commit "
            + "fedcba9876 here");
    assertThat(store(2).latest()).isPresent();
  }

  @Test
  void aFreshRunRefusesADirectoryWithCheckpointsUnlessToldToOverwriteThem() throws IOException {
    store(2).save(network(), SEED, List.of(new EpochMetrics(1, 1, 1, 0.5, 1, Map.of())), NEVER);

    assertThatThrownBy(() -> store(2).requireFreshStart(false)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("of this run; pass --resume").hasMessageContaining("--overwrite");
    assertThatThrownBy(() -> store(2, run("ln", "25")).requireFreshStart(false))
        .hasMessageContaining("of another run (--norm differs");
    store(2, run("ln", "25")).requireFreshStart(true);
    assertThat(names()).isEmpty();
    store(2).requireFreshStart(false);
  }

  private CheckpointStore store(int keep) {
    return store(keep, run("bln", "25"));
  }

  private CheckpointStore store(int keep, RunIdentity run) {
    return new CheckpointStore(new HadoopFiles(hadoop), dir.toString(), keep, run, DATA);
  }

  private static RunIdentity run(String norm, String batchSize) {
    return new RunIdentity(java.util.Map.of("norm", norm, "batch-size", batchSize), CONTENT, CodeVersion.current());
  }

  private static MultiLayerNetwork network() {
    MultiLayerNetwork net = new MultiLayerNetwork(PaperModels.mlp(ModelSettings.of(Normalization.BLN, 3, SEED, 0.01), 4));
    net.init();
    // One step, so that the updater state that a checkpoint must keep is not all zeros.
    Nd4j.getRandom().setSeed(SEED);
    INDArray labels = Nd4j.zeros(8, 3);
    for (int i = 0; i < 8; i++) {
      labels.putScalar(i, i % 3, 1);
    }
    net.fit(new DataSet(Nd4j.rand(8, 4), labels));
    return net;
  }

  private List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    }
  }
}
