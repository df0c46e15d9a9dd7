package org.blnspark.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@code spark-submit --master yarn} of the shaded jar to a real YARN (MiniYARNCluster, one
 * NodeManager) with HDFS from the same minicluster, in client and cluster deploy mode, with Spark's
 * authentication on. The submitting JVM has what a Spark distribution's {@code spark-submit} has:
 * the launcher's classpath ({@code target/classpath.txt}, Spark, spark-yarn and the Hadoop client)
 * and {@code HADOOP_CONF_DIR}; the containers get the same jars through {@code spark.yarn.jars}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// About 10 minutes on the shared 2-core machine, beyond what bin/test can add: run when asked.
@EnabledIfSystemProperty(named = "bln.yarn.it", matches = "true")
class YarnClusterIT {
  private static final Path STATE = Path.of("target/it-cluster/YarnClusterIT");
  private static final ObjectMapper JSON = new ObjectMapper();

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

  @Test
  @Order(1)
  void trainInClientModeAndEvaluateInClusterMode() throws Exception {
    String output = hdfs.uri() + "/runs/client";
    assertThat(submit("train-client", "client", "train", "--data", data, "--output", output, "--model", "mlp",
        "--batch-size", "10", "--workers", "2", "--epochs", "2", "--seed", "7")).isZero();
    assertThat(fs.exists(new org.apache.hadoop.fs.Path(output + "/_bln_run.json"))).isTrue();

    String report = hdfs.uri() + "/reports/cluster.json";
    assertThat(submit("evaluate-cluster", "cluster", "evaluate", "--model", output + "/model.zip", "--data", data,
        "--report", report)).isZero();
    try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(report))) {
      assertThat(JSON.readTree(in).get("testAccuracy").asDouble()).as("ten classes: chance is 0.1")
          .isGreaterThan(0.3);
    }
  }

  /** Runs spark-submit to YARN in {@code deployMode}; returns its exit code. Its output goes to {@code NAME.log}. */
  private static int submit(String name, String deployMode, String... blnArgs) throws Exception {
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
    Process process = builder.start();
    if (!process.waitFor(600, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(name + " still ran after 600 s; see " + log);
    }
    System.out.println("--- " + name + " (exit " + process.exitValue() + "):\n" + Files.readString(log));
    return process.exitValue();
  }
}
