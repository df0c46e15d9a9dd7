package org.blnspark.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.blnspark.jobs.BlnCli;
import org.blnspark.jobs.cluster.LocalCluster.Run;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The standalone cluster of docker/local-cluster.sh (a master, two workers of one core, HDFS)
 * training through spark-submit, and surviving faults: a killed executor, a killed driver, a
 * corrupt checkpoint or model, a dataset deleted under a running job. One cluster serves all
 * tests, in order; later tests reuse the models and checkpoints of earlier ones.
 *
 * <p>Every run uses {@code spark.default.parallelism=1}. With more input partitions, DL4J's
 * balanced repartitioning is a shuffle whose blocks an executor reads in an order that depends on
 * which executor ran which map task: local blocks first. The workers' mini-batches then come in
 * another order on the cluster than under {@code local[2]}, where every block is local, and in
 * another order from one cluster run to the next. Test accuracies then differed by up to 0.0225
 * (seed 1) between a cluster and a local run. With one input partition (the data here is small),
 * the order is fixed, so a cluster run and a local run train on the same mini-batches in the same
 * order, on two workers each, and must agree.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
  private static final Path STATE = Path.of("target/it-cluster/StandaloneClusterIT");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SEED = 7;

  static LocalCluster cluster;
  static FileSystem fs;
  static String hdfs;
  static String data;
  /** Test 1's cluster run: the undisturbed reference of test 2, and a model for test 5. */
  static String undisturbedModel;
  static Double undisturbedAccuracy;
  /** Test 3's checkpoints, which test 4 corrupts. */
  static String resumedCheckpoints;

  @BeforeAll
  static void startClusterAndPrepareData() throws Exception {
    // For the in-process local runs; the cluster's drivers get it through spark-submit.
    System.setProperty("spark.default.parallelism", "1");
    cluster = LocalCluster.start(STATE, 2, "--conf spark.default.parallelism=1");
    hdfs = cluster.hdfs();
    fs = FileSystem.newInstance(URI.create(hdfs), new Configuration());
    data = hdfs + "/data/fashion";
    // A real slice of Fashion-MNIST, 400 examples per split, written to HDFS by an in-process driver.
    assertThat(BlnCli.run("prepare", "--master", "local[2]", "--dataset", "fashion-mnist", "--output", data,
        "--limit", "400")).isZero();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    System.clearProperty("spark.default.parallelism");
    try {
      if (fs != null) {
        fs.close();
      }
    } finally {
      if (cluster != null) {
        cluster.close();
        assertThat(cluster.leftoverProcesses()).as("processes of %s after stop", STATE).isEmpty();
        try (Stream<Path> files = Files.walk(STATE.resolve("work"))) {
          assertThat(files.filter(f -> f.toString().endsWith(".jar"))).as("executors' jar copies after stop").isEmpty();
        }
      }
    }
  }

  /**
   * The train command of every run here: LeNet with BLN, two workers, a fixed seed. 400 training
   * examples make 16 mini-batches of 25; an averaging frequency of 10 lets each worker use all of
   * its share in one round. DL4J stops a worker after that many mini-batches and drops the rest;
   * with prefetching on, the prefetch thread it then interrupted in the middle of an HDFS read took
   * the whole executor down (exit code 50), which is why the trainer does not prefetch.
   */
  private static String[] train(String output, int epochs, String... more) {
    return train(data, output, epochs, more);
  }

  private static String[] train(String dataset, String output, int epochs, String... more) {
    return Stream.concat(Stream.of("train", "--data", dataset, "--output", output, "--model", "lenet", "--norm", "bln",
        "--batch-size", "25", "--workers", "2", "--averaging-frequency", "10", "--epochs", String.valueOf(epochs),
        "--seed", String.valueOf(SEED)), Stream.of(more)).toArray(String[]::new);
  }

  private static String[] local(String... command) {
    return Stream.concat(Stream.of(command[0], "--master", "local[2]"), Arrays.stream(command).skip(1))
        .toArray(String[]::new);
  }

  @Test
  @Order(1)
  @Timeout(600)
  void clusterRunOnHdfsMatchesLocalRun() throws Exception {
    String output = hdfs + "/runs/cluster";
    Run train = cluster.submitAndWait(400, "1-train", train(output, 2));
    assertThat(train.exitCode()).as("exit code; log: %s", cluster.driverLog("1-train")).isZero();
    assertThat(metrics(output)).extracting(m -> m.get("epoch").asInt()).containsExactly(1, 2);
    assertThat(fs.exists(path(output + "/metrics.csv"))).isTrue();
    Run evaluate = cluster.submitAndWait(300, "1-evaluate", "evaluate", "--model", output + "/model.zip",
        "--data", data, "--inference", "PPBB", "--report", hdfs + "/reports/cluster.json");
    assertThat(evaluate.exitCode()).as("exit code; log: %s", cluster.driverLog("1-evaluate")).isZero();
    double clusterAccuracy = testAccuracy(hdfs + "/reports/cluster.json");

    // Predictions from HDFS to HDFS, written by the executors: their accuracy is evaluate's.
    String predictions = hdfs + "/predictions/cluster";
    Run predict = cluster.submitAndWait(300, "1-predict", "predict", "--model", output + "/model.zip", "--data", data,
        "--output", predictions, "--inference", "PPBB");
    assertThat(predict.exitCode()).as("exit code; log: %s", cluster.driverLog("1-predict")).isZero();
    assertThat(fs.exists(path(predictions + "/_bln_predictions.json"))).isTrue();
    assertThat(predictionAccuracy(predictions)).as("accuracy of the predictions").isEqualTo(clusterAccuracy);

    // The same run on local[2], with this JVM as the driver.
    String localOutput = hdfs + "/runs/local";
    assertThat(BlnCli.run(local(train(localOutput, 2)))).isZero();
    double localAccuracy = evaluateLocally(localOutput + "/model.zip", "local");
    System.out.printf("test accuracy: cluster %.4f, local[2] %.4f%n", clusterAccuracy, localAccuracy);
    assertThat(clusterAccuracy).as("cluster vs local[2] test accuracy").isCloseTo(localAccuracy, within(0.01));
    assertThat(clusterAccuracy).as("better than chance (0.1)").isGreaterThan(0.3);
    undisturbedModel = output + "/model.zip";
    undisturbedAccuracy = clusterAccuracy;
  }

  @Test
  @Order(2)
  @Timeout(600)
  void executorKilledMidTrainingIsRecoveredBySparkTaskRetry() throws Exception {
    assertThat(undisturbedAccuracy).as("the undisturbed run of test 1").isNotNull();
    String output = hdfs + "/runs/executor-killed";
    Process driver = cluster.submit("2-train", train(output, 2));
    ExecutorKiller.KilledTask killed;
    Run train;
    try {
      // Its driver logs no stages (WARN level): the first shuffle-reading task will do.
      killed = ExecutorKiller.killInShuffleReadingTask(driver, cluster::executorProcessesOfNewestApp, stage -> true);
      train = LocalCluster.waitFor(driver, 400, cluster.driverLog("2-train"));
    } finally {
      LocalCluster.destroy(driver);
    }
    assertThat(train.exitCode()).as("exit code; log: %s", cluster.driverLog("2-train")).isZero();

    // What recovered: Spark's task retry. The driver saw the executor and its running task lost,
    // and another attempt of that task ran on the other executor; the averaging round (one Spark
    // job) then completed as usual, since DL4J never redoes a round itself. The worker also
    // launched a replacement executor.
    assertThat(train.output()).contains("Lost executor " + killed.executor() + " on 127.0.0.1")
        .contains("Lost task " + killed.task() + ".0 in stage " + killed.stage() + " (TID " + killed.tid()
            + ") (127.0.0.1 executor " + killed.executor() + ")");
    assertThat(executorLogs(killed.app())).as("executor logs of %s", killed.app())
        .containsPattern("Running task " + killed.task() + "\\.[1-9]\\d* in stage " + killed.stageNumber()
            + "\\.\\d+ ");
    assertThat(launchedExecutors(killed.app())).as("executors launched for %s", killed.app()).isGreaterThan(2);
    assertThat(metrics(output)).hasSize(2);

    double accuracy = evaluateLocally(output + "/model.zip", "executor-killed");
    System.out.printf("test accuracy: undisturbed %.4f, executor killed %.4f%n", undisturbedAccuracy, accuracy);
    assertThat(accuracy).as("test accuracy vs the undisturbed run").isCloseTo(undisturbedAccuracy, within(0.01));
    // The retried task trained on the same examples from the same broadcast parameters: the
    // weights (and the statistics) do not depend on which executor ran it.
    assertThat(parameters(output + "/model.zip")).as("parameters vs the undisturbed run")
        .isEqualTo(parameters(undisturbedModel));
  }

  /** A model's parameters, read from HDFS. */
  private static org.nd4j.linalg.api.ndarray.INDArray parameters(String model) throws IOException {
    try (InputStream in = fs.open(path(model))) {
      return ModelSerializer.restoreMultiLayerNetwork(in, false).params();
    }
  }

  @Test
  @Order(3)
  @Timeout(600)
  void killedDriverResumesFromItsCheckpointAndNoPartialModelIsEverSeen() throws Exception {
    String output = hdfs + "/runs/resumed";
    String checkpoints = hdfs + "/checkpoints/resumed";
    String[] command = train(output, 2, "--checkpoint-dir", checkpoints);
    JsonNode firstEpoch;
    Run resumed;
    try (ModelWatcher watcher = new ModelWatcher(fs, output, checkpoints)) {
      Process driver = cluster.submit("3-train", command);
      try {
        waitUntil(() -> exists(checkpoints + "/epoch-1.json"), driver, "the first checkpoint");
        assertThat(driver.isAlive()).as("the driver, still training").isTrue();
        driver.toHandle().destroyForcibly(); // kill -9
        assertThat(driver.waitFor()).isEqualTo(137);
      } finally {
        LocalCluster.destroy(driver);
      }
      assertThat(exists(output + "/model.zip")).as("a model from the killed run").isFalse();
      JsonNode checkpoint = readJson(checkpoints + "/epoch-1.json");
      assertThat(checkpoint.get("seed").asLong()).as("the run's seed in the checkpoint").isEqualTo(SEED);
      firstEpoch = checkpoint.get("metrics").get(0);

      resumed = cluster.submitAndWait(400, "3-resume", Stream.concat(Arrays.stream(command), Stream.of("--resume"))
          .toArray(String[]::new));
      assertThat(resumed.exitCode()).as("exit code; log: %s", cluster.driverLog("3-resume")).isZero();
      watcher.stop();
      assertThat(watcher.failures).as("model files that did not load").isEmpty();
      assertThat(watcher.loaded).as("model files seen and loaded").contains(output + "/model.zip")
          .anyMatch(p -> p.endsWith("/epoch-1.zip")).anyMatch(p -> p.endsWith("/epoch-2.zip"));
    }
    List<JsonNode> metrics = metrics(output);
    assertThat(metrics).extracting(m -> m.get("epoch").asInt()).containsExactly(1, 2);
    // Epoch 1 was not trained again: its metrics are the killed run's.
    assertThat(metrics.get(0)).isEqualTo(firstEpoch);
    // Resumed from epoch 1's checkpoint, epoch 2 was dealt and trained as in the run never killed.
    assertThat(undisturbedModel).as("the model of test 1").isNotNull();
    assertThat(parameters(output + "/model.zip")).as("parameters vs the undisturbed run")
        .isEqualTo(parameters(undisturbedModel));
    resumedCheckpoints = checkpoints;
  }

  @Test
  @Order(4)
  @Timeout(300)
  void corruptNewestCheckpointFallsBackToThePreviousOneWithAWarning() throws Exception {
    assertThat(resumedCheckpoints).as("the checkpoints of test 3").isNotNull();
    List<String> epochs = Arrays.stream(fs.listStatus(path(resumedCheckpoints))).map(s -> s.getPath().getName())
        .filter(n -> n.endsWith(".json")).sorted().toList();
    assertThat(epochs).containsExactly("epoch-1.json", "epoch-2.json");
    List<JsonNode> checkpointed = list(readJson(resumedCheckpoints + "/epoch-1.json").get("metrics"));
    truncate(resumedCheckpoints + "/epoch-2.zip");

    String output = hdfs + "/runs/fallback";
    StringWriter warnings = new StringWriter();
    int code = withLogCapture("org.blnspark.jobs.run.CheckpointStore", warnings, () -> BlnCli.run(local(train(output, 2,
        "--checkpoint-dir", resumedCheckpoints, "--resume"))));
    assertThat(code).isZero();
    assertThat(warnings.toString()).contains("WARN skipping unreadable checkpoint epoch 2");
    List<JsonNode> metrics = metrics(output);
    assertThat(metrics).extracting(m -> m.get("epoch").asInt()).containsExactly(1, 2);
    // Resumed from epoch 1: its metrics come from that checkpoint; epoch 2 was trained again.
    assertThat(metrics.subList(0, 1)).isEqualTo(checkpointed);
    try (InputStream in = fs.open(path(resumedCheckpoints + "/epoch-2.zip"))) {
      assertThat(ModelSerializer.restoreMultiLayerNetwork(in, true).getnLayers()).isEqualTo(11);
    }
  }

  @Test
  @Order(5)
  @Timeout(300)
  void corruptModelGivenToEvaluateExitsWith2AndOneLine() throws Exception {
    assertThat(undisturbedModel).as("the model of test 1").isNotNull();
    String corrupt = hdfs + "/corrupt/model.zip";
    FileUtil.copy(fs, path(undisturbedModel), fs, path(corrupt), false, fs.getConf());
    truncate(corrupt);
    // In this JVM, where stderr holds nothing but the command's own output; test 6 checks the
    // exit code through spark-submit.
    StringWriter err = new StringWriter();
    int code = BlnCli.run(new PrintWriter(err, true), "evaluate", "--master", "local[2]", "--model", corrupt,
        "--data", data, "--report", hdfs + "/reports/corrupt.json");
    assertThat(code).as("exit code; stderr: %s", err).isEqualTo(2);
    assertThat(err.toString().lines().toList()).as("stderr").singleElement(InstanceOfAssertFactories.STRING)
        .startsWith("bln: error: ").contains(corrupt);
    assertThat(exists(hdfs + "/reports/corrupt.json")).isFalse();
  }

  @Test
  @Order(6)
  @Timeout(600)
  void datasetDeletedMidTrainingFailsClearlyAndKeepsEarlierOutputs() throws Exception {
    assertThat(undisturbedModel).as("the model of test 1").isNotNull();
    String vanishing = hdfs + "/data/vanishing";
    FileUtil.copy(fs, path(data), fs, path(vanishing), false, fs.getConf());
    // An earlier run's results in the output directory, which the failing run must leave alone.
    String output = hdfs + "/runs/vanishing";
    FileUtil.copy(fs, path(undisturbedModel), fs, path(output + "/model.zip"), false, fs.getConf());
    byte[] earlierModel = read(output + "/model.zip");
    String checkpoints = hdfs + "/checkpoints/vanishing";

    // --overwrite: train refuses an output that holds a model without it, and replaces that model
    // only when it publishes its own, which this run never does.
    Process driver = cluster.submit("6-train", train(vanishing, output, 2, "--checkpoint-dir", checkpoints,
        "--overwrite"));
    Run train;
    try {
      waitUntil(() -> exists(checkpoints + "/epoch-1.json"), driver, "the first checkpoint");
      assertThat(fs.delete(path(vanishing), true)).isTrue();
      train = LocalCluster.waitFor(driver, 400, cluster.driverLog("6-train"));
    } finally {
      LocalCluster.destroy(driver);
    }
    assertThat(train.exitCode()).as("exit code; log: %s", cluster.driverLog("6-train")).isEqualTo(2);
    assertOneErrorLine(train).contains("File does not exist: " + vanishing + "/");

    assertThat(read(output + "/model.zip")).as("the earlier model").isEqualTo(earlierModel);
    assertThat(exists(output + "/metrics.json")).isFalse();
    try (InputStream in = fs.open(path(checkpoints + "/epoch-1.zip"))) {
      assertThat(ModelSerializer.restoreMultiLayerNetwork(in, true).getnLayers()).isEqualTo(11);
    }
    assertThat(readJson(checkpoints + "/epoch-1.json").get("metrics").get(0).get("epoch").asInt()).isEqualTo(1);
    assertThat(names(output)).containsExactly("model.zip");
    assertThat(names(checkpoints)).allMatch(n -> n.matches("epoch-\\d+\\.(zip|json)"));
  }

  @Test
  @Order(7)
  @Timeout(300)
  void aDriverWithTheWrongSecretIsRefusedWithOneLineBeforeSparksMinuteOfRetries() throws Exception {
    long start = System.nanoTime();
    Process driver = cluster.submit("7-wrong-secret",
        Map.of("BLN_SUBMIT_OPTS", "--conf spark.authenticate.secret=not-the-clusters-secret"),
        "evaluate", "--model", hdfs + "/runs/cluster/model.zip", "--data", data);
    Run refused = LocalCluster.waitFor(driver, 120, cluster.driverLog("7-wrong-secret"));
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(refused.exitCode()).as("exit code; log: %s", cluster.driverLog("7-wrong-secret")).isEqualTo(2);
    assertOneErrorLine(refused).contains("refused this driver: authentication failed").contains("SPARK_AUTH_SECRET");
    assertThat(refused.output()).as("the console").doesNotContain("\tat ").doesNotContain("SaslException");
    // Spark alone retries for a minute (3 × 20 s) and then fails with "All masters are
    // unresponsive"; the registration watch stops at the master's first refusal.
    assertThat(seconds).as("seconds until the refusal").isLessThan(45);
  }

  @Test
  @Order(8)
  @Timeout(600)
  void whileAJobRunsNoProcessListensBeyondLoopbackAndNoCommandLineHoldsTheSecret() throws Exception {
    String secret = Files.readString(cluster.state.resolve("secret")).trim();
    assertThat(secret).hasSizeGreaterThan(30);
    String output = hdfs + "/runs/loopback";
    Process driver = cluster.submit("8-train", train(output, 1));
    try {
      waitUntil(() -> executorPids().size() == 2, driver, "two executors");
      List<Long> processes = cluster.leftoverProcesses();
      assertThat(processes).as("the master, two workers, HDFS, the driver and two executors")
          .hasSizeGreaterThanOrEqualTo(7).contains(driver.pid());
      List<ListeningSockets.Socket> sockets = ListeningSockets.of(processes);
      int masterPort = URI.create(Files.readString(cluster.state.resolve("master-url")).trim()).getPort();
      assertThat(sockets).as("listening sockets").extracting(ListeningSockets.Socket::port).contains(masterPort);
      assertThat(sockets).as("listening sockets").allMatch(ListeningSockets.Socket::loopback,
          "bound to a loopback address");
      for (long pid : processes) {
        String commandLine;
        try {
          commandLine = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"));
        } catch (IOException goneMeanwhile) {
          continue;
        }
        assertThat(commandLine).as("command line of pid %d", pid).doesNotContain(secret);
      }
      Run train = LocalCluster.waitFor(driver, 400, cluster.driverLog("8-train"));
      assertThat(train.exitCode()).as("exit code; log: %s", cluster.driverLog("8-train")).isZero();
    } finally {
      LocalCluster.destroy(driver);
    }
  }

  private static List<Long> executorPids() {
    try {
      return cluster.executorsOfNewestApp().stream().map(LocalCluster::executorPid).flatMap(Optional::stream).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  // --- helpers ---------------------------------------------------------------------------------

  /**
   * The one "bln: error:" line of a failed run. It ends the driver's output: no uncaught exception
   * follows. (Spark's own log may show a failed task's stack trace before it.)
   */
  private static org.assertj.core.api.AbstractStringAssert<?> assertOneErrorLine(Run run) {
    List<String> lines = run.lines();
    List<String> errors = lines.stream().filter(l -> l.startsWith("bln: error: ")).toList();
    assertThat(errors).as("error lines of:\n%s", run.output()).hasSize(1);
    assertThat(lines.get(lines.size() - 1)).as("the last line of:\n%s", run.output()).isEqualTo(errors.get(0));
    assertThat(run.output()).doesNotContain("Exception in thread \"main\"");
    return assertThat(errors.get(0));
  }

  private static String executorLogs(String app) throws IOException {
    StringBuilder logs = new StringBuilder();
    try (Stream<Path> stderr = Files.walk(cluster.state.resolve("work"))) {
      for (Path log : stderr.filter(p -> p.getFileName().toString().equals("stderr") && p.toString().contains(app))
          .toList()) {
        logs.append(LocalCluster.text(log));
      }
    }
    return logs.toString();
  }

  private static int launchedExecutors(String app) throws IOException {
    int launched = 0;
    try (Stream<Path> logs = Files.list(cluster.state.resolve("logs"))) {
      for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("worker-")).toList()) {
        launched += (int) LocalCluster.text(log).lines().filter(l -> l.contains("Asked to launch executor " + app + "/"))
            .count();
      }
    }
    return launched;
  }

  private static void waitUntil(BooleanSupplier condition, Process driver, String what) throws InterruptedException {
    long deadline = System.nanoTime() + 300_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertThat(driver.isAlive()).as("the driver, while waiting for %s", what).isTrue();
      assertThat(System.nanoTime()).as("time waiting for %s", what).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static double evaluateLocally(String model, String name) throws IOException {
    String report = hdfs + "/reports/" + name + ".json";
    assertThat(BlnCli.run("evaluate", "--master", "local[2]", "--model", model, "--data", data, "--inference", "PPBB",
        "--report", report)).isZero();
    return testAccuracy(report);
  }

  /** The share of rows whose prediction is their label, read in this JVM with a local session. */
  private static double predictionAccuracy(String predictions) {
    org.apache.spark.sql.SparkSession spark = org.apache.spark.sql.SparkSession.builder().master("local[2]")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      List<org.apache.spark.sql.Row> rows = spark.read().parquet(predictions).select("label", "prediction")
          .collectAsList();
      return rows.stream().filter(r -> r.getInt(0) == r.getInt(1)).count() / (double) rows.size();
    } finally {
      spark.stop();
    }
  }

  private static double testAccuracy(String report) throws IOException {
    return readJson(report).get("testAccuracy").asDouble();
  }

  private static List<JsonNode> metrics(String output) throws IOException {
    return list(readJson(output + "/metrics.json").get("epochs"));
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> list = new ArrayList<>();
    array.forEach(list::add);
    return list;
  }

  private static JsonNode readJson(String file) throws IOException {
    return JSON.readTree(read(file));
  }

  private static byte[] read(String file) throws IOException {
    try (InputStream in = fs.open(path(file))) {
      return in.readAllBytes();
    }
  }

  /** Cuts a file to half its length, in place. */
  private static void truncate(String file) throws IOException {
    byte[] bytes = read(file);
    try (OutputStream out = fs.create(path(file), true)) {
      out.write(bytes, 0, bytes.length / 2);
    }
  }

  private static boolean exists(String file) {
    try {
      return fs.exists(path(file));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> names(String dir) throws IOException {
    return Arrays.stream(fs.listStatus(path(dir))).map(s -> s.getPath().getName()).sorted().toList();
  }

  private static org.apache.hadoop.fs.Path path(String file) {
    return new org.apache.hadoop.fs.Path(file);
  }

  /** Runs {@code action} with the log of {@code logger} copied into {@code sink}, one "LEVEL message" a line. */
  private static int withLogCapture(String logger, StringWriter sink, java.util.function.IntSupplier action) {
    org.apache.logging.log4j.core.Logger log = (org.apache.logging.log4j.core.Logger) LogManager.getLogger(logger);
    WriterAppender appender = WriterAppender.createAppender(
        PatternLayout.newBuilder().withPattern("%level %msg%n").build(), null, new PrintWriter(sink, true),
        "capture-" + logger, false, true);
    appender.start();
    log.addAppender(appender);
    try {
      return action.getAsInt();
    } finally {
      log.removeAppender(appender);
      appender.stop();
    }
  }

  /**
   * A reader that polls an output directory and a checkpoint directory on HDFS, as a user waiting
   * for a model would, and loads every model file version it sees (model.zip, epoch-N.zip). A file
   * that disappears while being read was replaced or pruned, which is fine; one that reads in full
   * but does not load was visible before it was complete.
   */
  static final class ModelWatcher implements AutoCloseable {
    final List<String> loaded = new CopyOnWriteArrayList<>();
    final List<String> failures = new CopyOnWriteArrayList<>();
    private final FileSystem fs;
    private final List<String> dirs;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean running = true;

    ModelWatcher(FileSystem fs, String... dirs) {
      this.fs = fs;
      this.dirs = List.of(dirs);
      thread = new Thread(this::poll, "model-watcher");
      thread.setDaemon(true);
      thread.start();
    }

    private void poll() {
      while (running) {
        for (String dir : dirs) {
          try {
            for (FileStatus status : fs.listStatus(new org.apache.hadoop.fs.Path(dir))) {
              String name = status.getPath().getName();
              if ((name.equals("model.zip") || name.matches("epoch-\\d+\\.zip"))
                  && seen.add(status.getPath() + "@" + status.getModificationTime() + "@" + status.getLen())) {
                check(status);
              }
            }
          } catch (java.io.FileNotFoundException notYet) {
            // The directory does not exist yet.
          } catch (IOException | RuntimeException e) {
            failures.add("listing " + dir + ": " + e);
          }
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private void check(FileStatus status) {
      String path = status.getPath().toString();
      byte[] bytes;
      try (InputStream in = fs.open(status.getPath())) {
        bytes = in.readAllBytes();
      } catch (IOException e) {
        return; // replaced or pruned meanwhile
      }
      try {
        ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), false);
        loaded.add(path);
      } catch (Exception e) {
        failures.add(path + " (" + bytes.length + " of " + status.getLen() + " bytes): " + e);
      }
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join(60_000);
    }

    @Override
    public void close() throws InterruptedException {
      stop();
    }
  }
}
