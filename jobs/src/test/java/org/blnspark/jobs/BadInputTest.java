package org.blnspark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.data.DatasetMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.blnspark.jobs.cli.SparkOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input through the real command line: one line on stderr, exit code 2, and no output left behind. */
class BadInputTest {
  @TempDir
  static Path dir;
  static String fashion;
  static String spam;
  static String model;

  @BeforeAll
  static void prepareSmallData() {
    fashion = dir.resolve("fashion").toString();
    spam = dir.resolve("spam").toString();
    assertThat(BlnCli.run("prepare", "--master", "local[2]", "--dataset", "fashion-mnist", "--output", fashion,
        "--limit", "40")).isZero();
    assertThat(BlnCli.run("prepare", "--master", "local[2]", "--dataset", "spam-assassin", "--output", spam,
        "--limit", "40", "--vocabulary-size", "200")).isZero();
    String out = dir.resolve("lenet").toString();
    assertThat(BlnCli.run("train", "--master", "local[2]", "--data", fashion, "--output", out, "--epochs", "1",
        "--batch-size", "10")).isZero();
    model = out + "/model.zip";
  }


  private static String[] train(String data, String output, String... more) {
    return Stream.concat(Stream.of("train", "--master", "local[2]", "--data", data, "--output", output,
        "--epochs", "1"), Stream.of(more)).toArray(String[]::new);
  }

  @Test
  void missingDataset() {
    Path out = dir.resolve("out-missing");
    assertThat(CliFailures.oneLine(train(dir.resolve("nope").toString(), out.toString()))).contains("no such dataset");
    assertThat(out).doesNotExist();
  }

  @Test
  void truncatedIdxFile() throws IOException {
    Path raw = rawCopy("truncated");
    byte[] images = gunzip(raw.resolve("t10k-images-idx3-ubyte.gz"));
    gzip(raw.resolve("t10k-images-idx3-ubyte.gz"), java.util.Arrays.copyOf(images, images.length / 2));
    Path out = dir.resolve("out-truncated");
    assertThat(CliFailures.oneLine("prepare", "--master", "local[2]", "--dataset", "fashion-mnist", "--raw", raw.toString(),
        "--output", out.toString())).contains("truncated");
    assertThat(out).doesNotExist();
    assertThat(leftovers(dir, "out-truncated")).isEmpty();
  }

  @Test
  void wrongMagicNumber() throws IOException {
    Path raw = rawCopy("magic");
    byte[] labels = gunzip(raw.resolve("train-labels-idx1-ubyte.gz"));
    labels[3] = 0x03;
    gzip(raw.resolve("train-labels-idx1-ubyte.gz"), labels);
    Path out = dir.resolve("out-magic");
    assertThat(CliFailures.oneLine("prepare", "--master", "local[2]", "--dataset", "fashion-mnist", "--raw", raw.toString(),
        "--output", out.toString())).contains("magic");
    assertThat(out).doesNotExist();
  }

  @Test
  void labelOutOfRange() throws IOException {
    Path raw = rawCopy("label");
    byte[] labels = gunzip(raw.resolve("t10k-labels-idx1-ubyte.gz"));
    labels[8 + 5] = 10;
    gzip(raw.resolve("t10k-labels-idx1-ubyte.gz"), labels);
    Path out = dir.resolve("out-label");
    assertThat(CliFailures.oneLine("prepare", "--master", "local[2]", "--dataset", "fashion-mnist", "--raw", raw.toString(),
        "--output", out.toString())).contains("label").contains("10");
    assertThat(out).doesNotExist();
  }

  @Test
  void nanFeatures() throws IOException {
    String poisoned = dir.resolve("fashion-nan").toString();
    SparkOptions options = SparkOptions.master("local[2]");
    try (SparkSession spark = options.session("poison")) {
      spark.read().parquet(fashion).selectExpr(
              "transform(features, (v, i) -> IF(i = 3, CAST('NaN' AS FLOAT), v)) AS features", "label", "split")
          .write().parquet(poisoned);
    }
    Files.copy(Path.of(fashion, DatasetMetadata.FILE_NAME), Path.of(poisoned, DatasetMetadata.FILE_NAME));
    Path out = dir.resolve("out-nan");
    assertThat(CliFailures.oneLine(train(poisoned, out.toString()))).contains("non-finite feature");
    assertThat(out).doesNotExist();
  }

  @Test
  void nanFeaturesInUserData() throws IOException {
    Path csv = Files.writeString(dir.resolve("nan.csv"), "a,b,label\n1.0,2.0,0\nNaN,1.0,1\n3.0,0.5,1\n");
    Path out = dir.resolve("out-user-nan");
    assertThat(CliFailures.oneLine("prepare", "--master", "local[2]", "--dataset", "user", "--raw", csv.toString(), "--output",
        out.toString())).contains("NaN");
    assertThat(out).doesNotExist();
  }

  @Test
  void labelOutOfRangeInUserData() throws IOException {
    Path csv = Files.writeString(dir.resolve("negative.csv"), "a,b,label\n1.0,2.0,0\n2.0,1.0,-3\n");
    Path out = dir.resolve("out-user-label");
    assertThat(CliFailures.oneLine("prepare", "--master", "local[2]", "--dataset", "user", "--raw", csv.toString(), "--output",
        out.toString())).contains("label -3 is out of range");
    assertThat(out).doesNotExist();
  }

  @Test
  void impossibleBatchSize() {
    Path out = dir.resolve("out-batch");
    assertThat(CliFailures.oneLine(train(fashion, out.toString(), "--batch-size", "0"))).contains("batch size must be at least 1");
    assertThat(out).doesNotExist();
  }

  @Test
  void malformedOptionValueIsOneLineToo() {
    assertThat(CliFailures.oneLine(train(fashion, dir.resolve("out-abc").toString(), "--batch-size", "abc")))
        .contains("--batch-size").contains("abc");
  }

  @Test
  void unknownNorm() {
    Path out = dir.resolve("out-norm");
    assertThat(CliFailures.oneLine(train(fashion, out.toString(), "--norm", "groupnorm"))).contains("unknown norm 'groupnorm'");
    assertThat(out).doesNotExist();
  }

  @Test
  void unwritableOutputPath() throws IOException {
    Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
    assertThat(CliFailures.oneLine(train(fashion, file.resolve("out").toString()))).contains("is a file");
    assertThat(Files.readString(file)).isEqualTo("not a directory");
  }

  @Test
  void modelWhoseInputDoesNotMatchTheData() {
    Path report = dir.resolve("mismatch.json");
    assertThat(CliFailures.oneLine("evaluate", "--master", "local[2]", "--model", model, "--data", spam, "--report",
        report.toString())).contains("expects 784 features");
    assertThat(report).doesNotExist();
  }

  @Test
  void dataOfTheSameWidthWithOtherClassesIsRefused() {
    // Fashion-MNIST's pixels with three classes: a user's table of the model's width.
    String rows = dir.resolve("three-classes.parquet").toString();
    org.apache.spark.sql.SparkSession spark = org.apache.spark.sql.SparkSession.builder().master("local[2]")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false").getOrCreate();
    spark.read().parquet(fashion).select(org.apache.spark.sql.functions.col("features"),
        org.apache.spark.sql.functions.col("label").mod(3).as("label")).write().parquet(rows);
    spark.stop();
    String threeClasses = dir.resolve("three-classes").toString();
    assertThat(BlnCli.run("prepare", "--master", "local[2]", "--dataset", "user", "--raw", rows, "--output",
        threeClasses)).isZero();
    Path report = dir.resolve("three-classes.json");
    assertThat(CliFailures.oneLine("evaluate", "--master", "local[2]", "--model", model, "--data", threeClasses,
        "--report", report.toString())).contains("trained on 10 classes, the data has 3");
    assertThat(report).doesNotExist();
  }

  /** An LSTM trained on {@link #spam}, once for the tests that need one. */
  private static synchronized String lstm() {
    String lstm = dir.resolve("lstm").toString();
    if (!Files.exists(Path.of(lstm, "model.zip"))) {
      assertThat(BlnCli.run("train", "--master", "local[2]", "--data", spam, "--output", lstm, "--model", "lstm",
          "--epochs", "1", "--batch-size", "10", "--embedding-size", "8")).isZero();
    }
    return lstm;
  }

  @Test
  void valuesThatAreNotTokenIdsOfTheModelsVocabularyAreRefused() {
    // The spam data's token ids as a user's Parquet, but as pixels would be: fractions of 1.
    String fractions = dir.resolve("token-fractions").toString();
    try (SparkSession spark = SparkOptions.master("local[2]").session("fractions")) {
      spark.read().parquet(spam).selectExpr("transform(features, x -> x / 1000) AS features", "label")
          .write().parquet(fractions);
    }
    for (String command : List.of("predict", "recalibrate")) {
      Path out = dir.resolve(command + "-fractions");
      assertThat(CliFailures.oneLine(command, "--master", "local[2]", "--model", lstm() + "/model.zip", "--data",
          fractions, "--output", out.toString())).contains("rows hold values that are not token ids of the model's "
          + "vocabulary (whole numbers from 0 to ");
      assertThat(out).doesNotExist();
    }
  }

  @Test
  void tokensOfAnotherVocabularyOfTheSameSizeAreRefused() {
    String lstm = lstm();
    // Another split seed: another training split, whose most frequent words make another vocabulary of 200.
    String otherWords = dir.resolve("spam-other-words").toString();
    assertThat(BlnCli.run("prepare", "--master", "local[2]", "--dataset", "spam-assassin", "--output", otherWords,
        "--limit", "40", "--vocabulary-size", "200", "--seed", "7")).isZero();
    assertThat(CliFailures.oneLine("evaluate", "--master", "local[2]", "--model", lstm + "/model.zip", "--data",
        otherWords)).contains("another vocabulary than the model's (same size, other words)");
  }

  @Test
  void anOutputThatAnotherRunIsWriting() {
    Path out = dir.resolve("out-locked");
    org.blnspark.jobs.io.HadoopFiles files = new org.blnspark.jobs.io.HadoopFiles(
        new org.apache.hadoop.conf.Configuration());
    try (org.blnspark.jobs.io.OutputLock held = org.blnspark.jobs.io.OutputLock.acquire(files, out.toString())) {
      assertThat(CliFailures.oneLine(train(fashion, out.toString()))).contains("is being written by another run")
          .contains("if that run was killed, delete " + out.resolve(".bln-lock"));
      assertThat(out.resolve("model.zip")).doesNotExist();
    }
    // Released: the directory the lock made, still empty, is gone, and a run may write there.
    assertThat(out).doesNotExist();
    assertThat(BlnCli.run(train(fashion, out.toString(), "--batch-size", "10"))).isZero();
    assertThat(out.resolve("model.zip")).exists();
    assertThat(out.resolve(".bln-lock")).doesNotExist();
  }

  @Test
  void aLockLeftByAKilledRunOnThisHostIsTakenOver() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out-stale-lock"));
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    String here = java.lang.management.ManagementFactory.getRuntimeMXBean().getName();
    Files.writeString(out.resolve(".bln-lock"), "pid " + gone.pid() + here.substring(here.indexOf('@'))
        + " since 2026-01-01T00:00:00Z\n");
    assertThat(BlnCli.run(train(fashion, out.toString(), "--batch-size", "10"))).isZero();
    assertThat(out.resolve("model.zip")).exists();
    assertThat(out.resolve(".bln-lock")).doesNotExist();
  }

  /** An output on an object store other than S3A is refused before any work, naming the stores that work. */
  @Test
  void anOutputOnAnUntestedObjectStore() {
    assertThat(CliFailures.oneLine(train(fashion, "gs://bucket/runs/lenet")))
        .contains("gs:// is an object store that bln-spark has not been tested on")
        .contains("write to s3a://..., HDFS (hdfs://...) or a local path (file:///...)");
  }

  /** A dataset whose Parquet lost rows (a part file lost in a copy, say) is refused, naming the split and both counts. */
  @Test
  void aDatasetWithFewerRowsThanItsMetadataSays() throws IOException {
    String shortened = dir.resolve("fashion-short").toString();
    long rows;
    try (SparkSession spark = SparkOptions.master("local[2]").session("shorten")) {
      var all = spark.read().parquet(fashion);
      rows = all.count();
      all.where("split = 'test'").limit(1).union(all.where("split != 'test'")).write().parquet(shortened);
    }
    Files.copy(Path.of(fashion, DatasetMetadata.FILE_NAME), Path.of(shortened, DatasetMetadata.FILE_NAME));
    assertThat(rows).isGreaterThan(3);
    Path out = dir.resolve("out-short");
    assertThat(CliFailures.oneLine(train(shortened, out.toString()))).contains(shortened + " holds 1 test rows")
        .contains("records").contains("prepare it again");
    assertThat(out).doesNotExist();
    assertThat(CliFailures.oneLine("evaluate", "--master", "local[2]", "--model", model, "--data", shortened))
        .contains("holds 1 test rows");
  }

  @Test
  void corruptModelZip() throws IOException {
    Path corrupt = dir.resolve("corrupt.zip");
    byte[] bytes = Files.readAllBytes(Path.of(model));
    Files.write(corrupt, java.util.Arrays.copyOf(bytes, bytes.length / 3));
    assertThat(CliFailures.oneLine("evaluate", "--master", "local[2]", "--model", corrupt.toString(), "--data", fashion))
        .contains(corrupt.toString());
  }

  private static Path rawCopy(String name) throws IOException {
    Path source = org.blnspark.jobs.data.DatasetKind.FASHION_MNIST.fetchedRawDirectory();
    Path copy = Files.createDirectories(dir.resolve("raw-" + name));
    try (Stream<Path> files = Files.list(source)) {
      for (Path file : files.toList()) {
        Files.copy(file, copy.resolve(file.getFileName()));
      }
    }
    return copy;
  }

  private static byte[] gunzip(Path file) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return in.readAllBytes();
    }
  }

  private static void gzip(Path file, byte[] bytes) throws IOException {
    try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(bytes);
    }
  }

  private static List<File> leftovers(Path parent, String prefix) throws IOException {
    try (Stream<Path> files = Files.list(parent)) {
      return files.filter(p -> p.getFileName().toString().contains(prefix)).map(Path::toFile).toList();
    }
  }
}
