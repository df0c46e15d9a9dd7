package org.blnspark.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.blnspark.jobs.BlnCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@code spark-submit --master yarn} of the shaded jar to a real YARN (MiniYARNCluster, one
 * NodeManager) with HDFS from the same minicluster, in client and cluster deploy mode, with Spark's
 * authentication on. The submitting JVM has what a Spark distribution's {@code spark-submit} has:
 * the launcher's classpath ({@code target/classpath.txt}, Spark, spark-yarn and the Hadoop client)
 * and {@code HADOOP_CONF_DIR}; the containers get the same jars through {@code spark.yarn.jars}.
 *
 * <p>Four submissions cover both commands in both deploy modes and a killed executor: the
 * reference run trains in cluster mode and is evaluated in client mode; the second trains in
 * client mode, where the driver's log is this machine's to read, loses an executor in a training
 * round, and is evaluated in cluster mode.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// 987 s on the shared 2-core machine (four submissions), more than bin/test can add; run when asked
// (docs/cluster.md says why and how).
@EnabledIfSystemProperty(named = "bln.yarn.it", matches = "true")
class YarnClusterIT {
  private static final Path STATE = Path.of("target/it-cluster/YarnClusterIT");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A training round's stage, as the driver submits it. */
  private static final Pattern TRAINING_STAGE = Pattern.compile(
      "Submitting \\d+ missing tasks from ResultStage (\\d+) \\([^)]* at treeAggregate at WholeEpochTrainingMaster");

  static MiniHdfs hdfs;
  static MiniYarn yarn;
  static FileSystem fs;
  static String data;

  @BeforeAll
  static void startYarnAndPrepareData() throws Exception {
    LocalCluster.deleteRecursively(STATE);
    hdfs = MiniHdfs.start(STATE.resolve("hdfs"));
    yarn = MiniYarn.start(STATE.resolve("conf"), hdfs.uri().toString(), 6144, 4);
    fs = FileSystem.newInstance(hdfs.uri(), new Configuration());
    data = hdfs.uri() + "/data/fashion";
    assertThat(BlnCli.run("prepare", "--master", "local[2]", "--dataset", "fashion-mnist", "--output", data,
        "--limit", "200")).isZero();
  }

  @AfterAll
  static void stop() throws IOException {
    try {
      if (fs != null) {
        fs.close();
      }
    } finally {
      if (yarn != null) {
        yarn.close();
      }
      if (hdfs != null) {
        hdfs.close();
      }
    }
  }

  /** Test 1's run, trained in cluster mode: the undisturbed reference of test 2. */
  static Double undisturbedAccuracy;

  /**
   * The train command of both runs: an MLP on two workers with a fixed seed. With
   * {@code spark.default.parallelism=1} the examples come in one fixed order, so two runs train
   * on the same mini-batches (see {@link StandaloneClusterIT}).
   */
  private static String[] train(String output) {
    return new String[] {"train", "--data", data, "--output", output, "--model", "mlp", "--batch-size", "10",
        "--workers", "2", "--epochs", "2", "--seed", "7"};
  }

  @Test
  @Order(1)
  @Timeout(1200)
  void trainInClusterModeAndEvaluateInClientMode() throws Exception {
    String output = hdfs.uri() + "/runs/cluster";
    assertThat(waitFor("1-train-cluster", submit("1-train-cluster", "cluster", train(output)))).isZero();
    assertThat(fs.exists(new org.apache.hadoop.fs.Path(output + "/_bln_run.json"))).isTrue();
    undisturbedAccuracy = evaluate("1-evaluate-client", "client", output);
  }

  @Test
  @Order(2)
  @Timeout(1200)
  void executorKilledWhileTrainingInClientModeTheRunFinishesWithTheSameAccuracy() throws Exception {
    assertThat(undisturbedAccuracy).as("the undisturbed run of test 1").isNotNull();
    String output = hdfs.uri() + "/runs/executor-killed";
    Process driver = submit("2-train-client", "client", train(output));
    ExecutorKiller.KilledTask killed;
    int exitCode;
    try {
      killed = ExecutorKiller.killInShuffleReadingTask(driver, yarn::executorsOfNewestApp,
          stage -> trainingStages(log("2-train-client")).contains(stage));
      exitCode = waitFor("2-train-client", driver);
    } finally {
      LocalCluster.destroy(driver);
    }
    String log = log("2-train-client");
    assertThat(exitCode).as("exit code; log: %s", STATE.resolve("2-train-client.log")).isZero();
    // What recovered: Spark's task retry, as on standalone. The driver saw the executor and its
    // task lost, and ran that task again: a later attempt in the same stage, or in the stage run
    // again when the shuffle output it read was lost with the executor.
    String task = killed.task();
    String stage = killed.stageNumber();
    assertThat(log).contains("Lost executor " + killed.executor() + " on ")
        .contains("Lost task " + task + ".0 in stage " + killed.stage() + " (TID " + killed.tid() + ")")
        .containsPattern("Starting task " + task + "\\.[1-9]\\d* in stage " + stage + "\\.\\d+ |Starting task "
            + task + "\\.\\d+ in stage " + stage + "\\.[1-9]\\d* ");

    double accuracy = evaluate("2-evaluate-cluster", "cluster", output);
    System.out.printf("test accuracy: undisturbed %.4f, executor killed %.4f%n", undisturbedAccuracy, accuracy);
    assertThat(accuracy).as("test accuracy vs the undisturbed run").isCloseTo(undisturbedAccuracy, within(0.01));
  }

  /** The stages the driver (of client mode, whose log is here) submitted for training rounds. */
  private static Set<String> trainingStages(String driverLog) {
    return TRAINING_STAGE.matcher(driverLog).results().map(m -> m.group(1)).collect(Collectors.toSet());
  }

  /** Evaluates {@code output}'s model in {@code deployMode}; returns its test accuracy. */
  private static double evaluate(String name, String deployMode, String output) throws Exception {
    String report = hdfs.uri() + "/reports/" + name + ".json";
    assertThat(waitFor(name, submit(name, deployMode, "evaluate", "--model", output + "/model.zip", "--data", data,
        "--report", report))).isZero();
    try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(report))) {
      double accuracy = JSON.readTree(in).get("testAccuracy").asDouble();
      assertThat(accuracy).as("ten classes: chance is 0.1").isGreaterThan(0.3);
      return accuracy;
    }
  }

  /** Starts spark-submit to YARN in {@code deployMode}; its output goes to {@code NAME.log}. */
  private static Process submit(String name, String deployMode, String... blnArgs) throws Exception {
    List<String> jars = Arrays.stream(Files.readString(Path.of("target", "classpath.txt")).trim().split(":"))
        .toList();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String java17 = Files.readAllLines(Path.of("..", "conf", "java17.args")).stream()
        .filter(line -> !line.isBlank() && !line.startsWith("#")).collect(Collectors.joining(" "));
    String timeSource = "-Dorg.deeplearning4j.spark.time.TimeSource="
        + "org.deeplearning4j.spark.time.SystemClockTimeSource";
    List<String> command = new ArrayList<>(List.of(java, "@" + Path.of("..", "conf", "java17.args").toAbsolutePath(),
        "-cp", yarn.confDir().toAbsolutePath() + ":" + String.join(":", jars),
        "org.apache.spark.deploy.SparkSubmit", "--master", "yarn", "--deploy-mode", deployMode,
        "--class", BlnCli.class.getName(),
        "--num-executors", "2", "--executor-cores", "1", "--executor-memory", "768m",
        "--driver-memory", "1g",
        "--conf", "spark.driver.memoryOverhead=768m",
        "--conf", "spark.yarn.jars=" + jars.stream().map(jar -> "local:" + jar).collect(Collectors.joining(",")),
        "--conf", "spark.authenticate=true",
        // The UI behind YARN's proxy needs the proxy's filter (AmIpFilter, in hadoop-yarn-server-web-proxy),
        // which a Spark distribution carries and this classpath does not.
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.executor.memoryOverhead=768m",
        "--conf", "spark.yarn.am.memory=512m",
        "--conf", "spark.executorEnv.JAVA_HOME=" + System.getProperty("java.home"),
        "--conf", "spark.yarn.appMasterEnv.JAVA_HOME=" + System.getProperty("java.home"),
        "--conf", "spark.executorEnv.OMP_NUM_THREADS=1",
        "--conf", "spark.executor.extraJavaOptions=" + java17 + " " + timeSource,
        "--conf", "spark.driver.extraJavaOptions=" + java17 + " " + timeSource,
        "--conf", "spark.yarn.am.extraJavaOptions=" + java17,
        "--conf", "spark.default.parallelism=1",
        Path.of("target", "bln-jobs.jar").toAbsolutePath().toString()));
    command.addAll(List.of(blnArgs));
    Path log = STATE.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("HADOOP_CONF_DIR", yarn.confDir().toAbsolutePath().toString());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return builder.start();
  }

  /** Waits for spark-submit {@code name} (10 minutes at most); returns its exit code. */
  private static int waitFor(String name, Process process) throws Exception {
    if (!process.waitFor(600, TimeUnit.SECONDS)) {
      LocalCluster.destroy(process);
      throw new AssertionError(name + " still ran after 600 s; see " + STATE.resolve(name + ".log"));
    }
    System.out.printf("%s: exit code %d, log %s%n", name, process.exitValue(), STATE.resolve(name + ".log"));
    return process.exitValue();
  }

  private static String log(String name) {
    try {
      return LocalCluster.text(STATE.resolve(name + ".log"));
    } catch (IOException notYet) {
      return "";
    }
  }
}
