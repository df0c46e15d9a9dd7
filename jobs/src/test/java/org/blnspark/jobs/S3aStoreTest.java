package org.blnspark.jobs;

import static org.apache.spark.ml.functions.array_to_vector;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.cli.SparkOptions;
import org.blnspark.jobs.cluster.S3Proxy;
import org.blnspark.spark.ml.BlnClassificationModel;
import org.blnspark.spark.ml.BlnClassifier;
import org.blnspark.jobs.io.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line on s3a:// paths against a real S3-compatible server, S3Proxy, in its own
 * process on 127.0.0.1. The credentials reach S3A as {@code --conf spark.hadoop.fs.s3a.*} would
 * (system properties that SparkConf reads), and must never be written into what the runs publish.
 */
class S3aStoreTest {
  @TempDir
  static Path dir;
  static S3Proxy s3;
  static final List<String> PROPERTIES = new ArrayList<>();

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3Proxy.start(dir.resolve("s3proxy"));
    for (Map.Entry<String, String> setting : s3.endpointSettings().entrySet()) {
      setProperty("spark.hadoop." + setting.getKey(), setting.getValue());
    }
    setProperty("spark.hadoop.fs.s3a.access.key", s3.identity());
    setProperty("spark.hadoop.fs.s3a.secret.key", s3.credential());
  }

  private static void setProperty(String key, String value) {
    System.setProperty(key, value);
    PROPERTIES.add(key);
  }

  @AfterAll
  static void stopS3() {
    PROPERTIES.forEach(System::clearProperty);
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void theWholeCommandLineOnS3a() throws Exception {
    String data = preparedData();
    String output = s3.uri("runs/mlp");
    String[] train = {"train", "--master", "local[2]", "--data", data, "--output", output, "--model", "mlp",
        "--batch-size", "10", "--lr", "0.01", "--workers", "2", "--checkpoint-dir", s3.uri("runs/mlp-checkpoints"),
        "--seed", "5"};
    assertThat(BlnCli.run(concat(train, "--epochs", "1"))).isZero();
    assertThat(BlnCli.run(concat(train, "--epochs", "2", "--resume"))).isZero();
    JsonNode metrics = Json.MAPPER.readTree(object("runs/mlp/metrics.json").toFile());
    assertThat(metrics.get("epochs")).hasSize(2);
    assertThat(object("runs/mlp-checkpoints/epoch-2.json")).isRegularFile();
    assertThat(object("runs/mlp/.bln-lock")).as("the lock is gone with its run").doesNotExist();
    String model = output + "/model.zip";

    String report = s3.uri("reports/mlp.json");
    assertThat(BlnCli.run("evaluate", "--master", "local[2]", "--model", model, "--data", data, "--report", report))
        .isZero();
    assertThat(Json.MAPPER.readTree(object("reports/mlp.json").toFile()).get("testAccuracy").asDouble())
        .isGreaterThan(0.7);

    assertThat(BlnCli.run("predict", "--master", "local[2]", "--model", model, "--data", data, "--output",
        s3.uri("predictions/mlp"), "--drift-report", s3.uri("drift/mlp"))).isZero();
    long testRows = Json.MAPPER.readTree(object("data/mine/_bln_dataset.json").toFile()).get("counts").get("test")
        .asLong();
    assertThat(Json.MAPPER.readTree(object("predictions/mlp/_bln_predictions.json").toFile()).get("rows").asLong())
        .isEqualTo(testRows);
    assertThat(object("drift/mlp")).isDirectory();

    assertThat(BlnCli.run("recalibrate", "--master", "local[2]", "--model", model, "--data", data, "--output",
        s3.uri("runs/mlp-recalibrated.zip"))).isZero();
    assertThat(BlnCli.run("evaluate", "--master", "local[2]", "--model", s3.uri("runs/mlp-recalibrated.zip"),
        "--data", data, "--inference", "PPPP")).isZero();

    assertThat(BlnCli.run("sweep", "--master", "local[2]", "--data", data, "--output", s3.uri("sweep"), "--model",
        "mlp", "--norms", "bln", "--batch-sizes", "10", "--workers-list", "2", "--seeds", "1", "--epochs", "1"))
        .isZero();
    assertThat(Files.readAllLines(object("sweep/results.csv"))).hasSize(2);
    assertNoObjectHoldsTheSecret();
  }

  /**
   * The Parquet of {@code prepare} and {@code predict} on s3a:// is committed by S3A's magic
   * committer: the job's {@code _SUCCESS} is that committer's summary, naming every file the job
   * completed, and its staging area ({@code __magic}) is gone.
   */
  @Test
  void parquetOnS3aIsCommittedByTheMagicCommitter() throws Exception {
    String data = preparedData();
    String model = s3.uri("runs/committed/model.zip");
    assertThat(BlnCli.run("train", "--master", "local[2]", "--data", data, "--output", s3.uri("runs/committed"),
        "--model", "mlp", "--batch-size", "10", "--workers", "2", "--epochs", "1")).isZero();
    assertThat(BlnCli.run("predict", "--master", "local[2]", "--model", model, "--data", data, "--output",
        s3.uri("predictions/committed"))).isZero();
    for (String output : List.of("data/mine", "predictions/committed")) {
      JsonNode success = Json.MAPPER.readTree(object(output + "/_SUCCESS").toFile());
      assertThat(success.path("committer").asText()).as("committer of %s", output).isEqualTo("magic");
      List<String> committed = new ArrayList<>();
      success.path("filenames").forEach(name -> committed.add(Path.of(name.asText()).getFileName().toString()));
      try (Stream<Path> files = Files.list(object(output))) {
        assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".parquet")))
            .as("Parquet files in %s", output).isNotEmpty().containsExactlyInAnyOrderElementsOf(committed);
      }
      assertThat(object(output + "/__magic")).doesNotExist();
    }
  }

  /** A Spark ML model saved to s3a:// and loaded back predicts the same. */
  @Test
  void aSparkMlModelSavesToS3aAndLoadsBack() throws Exception {
    try (SparkSession spark = SparkOptions.master("local[2]").session("ml-on-s3a")) {
      Dataset<Row> rows = spark.read().parquet(preparedData())
          .select(col("label").cast("double").as("label"), array_to_vector(col("features")).as("features"));
      BlnClassificationModel model = new BlnClassifier().setNetwork("mlp").setEpochs(1).setBatchSizePerWorker(10)
          .setWorkers(2).fit(rows);
      String path = s3.uri("ml/bln");
      model.write().save(path);
      List<Row> before = model.transform(rows).select("prediction", "probability").collectAsList();
      List<Row> after = BlnClassificationModel.load(path).transform(rows).select("prediction", "probability")
          .collectAsList();
      assertThat(after).isEqualTo(before);
    }
    assertNoObjectHoldsTheSecret();
  }

  /**
   * A train --overwrite killed between its model.zip and its manifest: S3Proxy is frozen the moment
   * the new model.zip lands, so the writer cannot go further, and the writer is killed. The old
   * manifest disowns the new model, which readers refuse, while the old metrics it lists still
   * read; the next run takes the dead run's lock over and publishes whole. A prepare killed while
   * its Parquet is being written leaves a directory without its manifest, which readers refuse.
   */
  @Test
  void aWriterKilledMidPublishLeavesTheOldOutputOrNone() throws Exception {
    String data = preparedData();
    String output = s3.uri("runs/killed");
    String[] train = {"train", "--master", "local[2]", "--data", data, "--output", output, "--model", "mlp",
        "--batch-size", "10", "--workers", "2", "--epochs", "1"};
    assertThat(BlnCli.run(train)).isZero();
    Path model = object("runs/killed/model.zip");
    byte[] oldModel = Files.readAllBytes(model);
    byte[] oldManifest = Files.readAllBytes(object("runs/killed/_bln_run.json"));
    byte[] oldMetrics = Files.readAllBytes(object("runs/killed/metrics.json"));
    Object oldFile = Files.readAttributes(model, BasicFileAttributes.class).fileKey();

    Path log = dir.resolve("killed-train.log");
    Process writer = blnProcess(log, concat(train, "--overwrite", "--seed", "6"));
    freezeS3WhenThenKill(writer, () -> !Files.readAttributes(model, BasicFileAttributes.class).fileKey()
        .equals(oldFile));
    assertThat(Files.readAllBytes(model)).as("the new model.zip landed").isNotEqualTo(oldModel);
    assertThat(Files.readAllBytes(object("runs/killed/_bln_run.json"))).as("the manifest did not")
        .isEqualTo(oldManifest);
    assertThat(Files.readAllBytes(object("runs/killed/metrics.json"))).isEqualTo(oldMetrics);
    assertThat(CliFailures.oneLine("evaluate", "--master", "local[2]", "--model", output + "/model.zip", "--data",
        data)).contains("is not the model.zip that " + output + "/_bln_run.json lists");
    assertThat(Files.readString(log)).doesNotContain(s3.credential());

    assertThat(BlnCli.run(concat(train, "--overwrite", "--seed", "7"))).isZero();
    assertThat(BlnCli.run("evaluate", "--master", "local[2]", "--model", output + "/model.zip", "--data", data))
        .isZero();

    Path csv = CliEndToEndTest.usersCsv(dir, "killed");
    Path killedData = object("data/killed");
    Process preparing = blnProcess(dir.resolve("killed-prepare.log"), "prepare", "--master", "local[2]",
        "--dataset", "user", "--raw", csv.toString(), "--output", s3.uri("data/killed"));
    freezeS3WhenThenKill(preparing, () -> {
      try (Stream<Path> files = Files.walk(killedData)) {
        return files.anyMatch(f -> f.getFileName().toString().endsWith(".parquet"));
      } catch (java.nio.file.NoSuchFileException e) {
        return false;
      }
    });
    assertThat(killedData.resolve("_bln_dataset.json")).doesNotExist();
    // The magic committer completes no upload before the job commits: the killed job's Parquet is
    // only in its staging area.
    try (Stream<Path> files = Files.walk(killedData)) {
      assertThat(files.filter(f -> f.getFileName().toString().endsWith(".parquet"))
          .filter(f -> !killedData.relativize(f).startsWith("__magic"))).as("Parquet published by the killed job")
          .isEmpty();
    }
    assertThat(CliFailures.oneLine(concat(new String[] {"train", "--master", "local[2]", "--data",
        s3.uri("data/killed"), "--output", s3.uri("runs/never"), "--model", "mlp"})))
        .contains("has no _bln_dataset.json");
    assertNoObjectHoldsTheSecret();
  }

  /** Something to watch for while a process writes. */
  @FunctionalInterface
  private interface Condition {
    boolean holds() throws IOException;
  }

  /**
   * Waits until {@code landed} holds, then stops S3Proxy (SIGSTOP), so that {@code writer} can
   * write nothing more, kills the writer, and lets S3Proxy go on.
   */
  private static void freezeS3WhenThenKill(Process writer, Condition landed) throws Exception {
    Instant deadline = Instant.now().plusSeconds(300);
    while (!landed.holds()) {
      assertThat(writer.isAlive()).as("the writer ended before the moment to kill it").isTrue();
      assertThat(Instant.now()).as("waiting for the writer").isBefore(deadline);
      Thread.sleep(2);
    }
    signal("STOP", s3.pid());
    try {
      writer.destroyForcibly();
      assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      signal("CONT", s3.pid());
    }
  }

  private static void signal(String signal, long pid) throws Exception {
    assertThat(new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).start().waitFor()).isZero();
  }

  /**
   * The command line in a JVM of its own, with this one's classpath; S3A finds the credentials in
   * the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), one of its usual providers.
   */
  private static Process blnProcess(Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "@" + Path.of("..", "conf", "java17.args").toAbsolutePath(), "-cp",
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))));
    s3.endpointSettings().forEach((key, value) -> command.add("-Dspark.hadoop." + key + "=" + value));
    command.add(BlnCli.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("AWS_ACCESS_KEY_ID", s3.identity());
    builder.environment().put("AWS_SECRET_ACCESS_KEY", s3.credential());
    return builder.start();
  }

  /** The users' CSV prepared on S3, once for all the tests. */
  private static synchronized String preparedData() throws Exception {
    String data = s3.uri("data/mine");
    if (!Files.exists(object("data/mine/_bln_dataset.json"))) {
      Path csv = CliEndToEndTest.usersCsv(dir, "mine");
      assertThat(BlnCli.run("prepare", "--master", "local[2]", "--dataset", "user", "--raw", csv.toString(),
          "--output", data)).isZero();
    }
    return data;
  }

  /** The file that holds the object {@code key}. */
  private static Path object(String key) {
    return s3.objects().resolve(key);
  }

  /** Every object in the bucket, models and reports included, read as bytes: none holds the credential. */
  private static void assertNoObjectHoldsTheSecret() throws IOException {
    byte[] secret = s3.credential().getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(s3.objects())) {
      List<Path> objects = files.filter(Files::isRegularFile).toList();
      assertThat(objects).isNotEmpty();
      for (Path object : objects) {
        assertThat(indexOf(Files.readAllBytes(object), secret)).as("%s holds the secret", object).isNegative();
      }
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String[] concat(String[] first, String... more) {
    return Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new);
  }
}
