package org.blnspark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.blnspark.jobs.io.Json;
import org.blnspark.jobs.cli.SparkOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * prepare → train → evaluate through the real command line on small slices of the real datasets
 * (bin/fetch-data must have run; bin/test does that first).
 */
class CliEndToEndTest {
  @TempDir
  static Path dir;

  static int bln(String... args) {
    return BlnCli.run(args);
  }

  @Test
  void lenetWithBlnOnFashionMnist() throws Exception {
    String data = dir.resolve("fashion").toString();
    assertThat(bln("prepare", "--master", "local[2]", "--dataset", "fashion-mnist", "--output", data,
        "--limit", "500")).isZero();
    String output = dir.resolve("lenet").toString();
    assertThat(bln("train", "--master", "local[2]", "--data", data, "--output", output, "--model", "lenet",
        "--norm", "bln", "--batch-size", "10", "--epochs", "3", "--lr", "0.005", "--workers", "2")).isZero();

    MultiLayerNetwork plain = ModelSerializer.restoreMultiLayerNetwork(new File(output, "model.zip"));
    assertThat(plain.getnLayers()).isEqualTo(11);
    assertThat(Files.readAllLines(Path.of(output, "metrics.csv"))).hasSize(4);

    String report = dir.resolve("lenet-report.json").toString();
    assertThat(bln("evaluate", "--master", "local[2]", "--model", output + "/model.zip", "--data", data,
        "--inference", "all", "--report", report)).isZero();
    JsonNode json = Json.MAPPER.readTree(new File(report));
    assertThat(json.get("validationAccuracy").size()).isEqualTo(16);
    // Ten classes: chance is 0.1.
    assertThat(json.get("testAccuracy").asDouble()).isGreaterThan(0.5);
  }

  @Test
  void lstmWithBlnOnSpamAssassin() throws Exception {
    String data = dir.resolve("spam").toString();
    assertThat(bln("prepare", "--master", "local[2]", "--dataset", "spam-assassin", "--output", data,
        "--limit", "400", "--vocabulary-size", "3000", "--sequence-length", "40")).isZero();
    String output = dir.resolve("lstm").toString();
    assertThat(bln("train", "--master", "local[2]", "--data", data, "--output", output, "--model", "lstm",
        "--norm", "bln", "--batch-size", "25", "--epochs", "3", "--lr", "0.003", "--embedding-size", "16",
        "--workers", "2")).isZero();

    MultiLayerNetwork plain = ModelSerializer.restoreMultiLayerNetwork(new File(output, "model.zip"));
    assertThat(plain.getLayerWiseConfigurations().getConf(0).getLayer().getClass().getSimpleName())
        .isEqualTo("EmbeddingSequenceLayer");

    String report = dir.resolve("lstm-report.json").toString();
    assertThat(bln("evaluate", "--master", "local[2]", "--model", output + "/model.zip", "--data", data,
        "--inference", "PPBB,BBBB", "--report", report)).isZero();
    JsonNode json = Json.MAPPER.readTree(new File(report));
    assertThat(json.get("validationAccuracy").size()).isEqualTo(2);
    // Training validated under the layers' initial PPBB with masks of the real tokens; evaluate reads
    // the data as the model's run did, so it finds the same accuracy.
    JsonNode lastEpoch = Json.MAPPER.readTree(new File(output, "metrics.json")).get("epochs").get(2);
    assertThat(json.get("validationAccuracy").get("PPBB").asDouble())
        .isEqualTo(lastEpoch.get("validationAccuracy").asDouble());
    double spamShare = spamShareOfTest(data);
    double chance = Math.max(spamShare, 1 - spamShare);
    assertThat(json.get("testAccuracy").asDouble()).isGreaterThan(chance + 0.05);
  }

  @Test
  void mlpWithBlnOnAUsersOwnCsv() throws Exception {
    String data = prepareUsersCsv("mine");
    String output = dir.resolve("mlp").toString();
    assertThat(bln("train", "--master", "local[2]", "--data", data, "--output", output, "--model", "mlp",
        "--batch-size", "10", "--epochs", "3", "--lr", "0.01", "--workers", "2")).isZero();
    String report = dir.resolve("mlp-report.json").toString();
    assertThat(bln("evaluate", "--master", "local[2]", "--model", output + "/model.zip", "--data", data,
        "--report", report)).isZero();
    // Three classes: chance is about 1/3.
    assertThat(Json.MAPPER.readTree(new File(report)).get("testAccuracy").asDouble()).isGreaterThan(0.7);
  }

  @Test
  void aResumedRunKeepsTheCheckpointedEpochsAndTheRunsSeed() throws Exception {
    String data = prepareUsersCsv("resumable");
    String output = dir.resolve("resumed").toString();
    String checkpoints = dir.resolve("resumed-checkpoints").toString();
    String[] train = {"train", "--master", "local[2]", "--data", data, "--output", output, "--model", "mlp",
        "--batch-size", "10", "--lr", "0.01", "--workers", "2", "--checkpoint-dir", checkpoints, "--keep-checkpoints",
        "2"};
    assertThat(bln(concat(train, "--epochs", "1", "--seed", "5"))).isZero();
    JsonNode firstEpoch = Json.MAPPER.readTree(new File(output, "metrics.json")).get("epochs").get(0);
    // The checkpoint holds the network the run ended with.
    assertThat(ModelSerializer.restoreMultiLayerNetwork(new File(checkpoints, "epoch-1.zip")).params())
        .isEqualTo(ModelSerializer.restoreMultiLayerNetwork(new File(output, "model.zip")).params());

    // Another --seed on the command line: the checkpoint's seed wins.
    assertThat(bln(concat(train, "--epochs", "3", "--resume", "--seed", "6"))).isZero();
    JsonNode metrics = Json.MAPPER.readTree(new File(output, "metrics.json")).get("epochs");
    assertThat(metrics).hasSize(3);
    assertThat(metrics.get(0)).isEqualTo(firstEpoch);
    JsonNode newest = Json.MAPPER.readTree(new File(checkpoints, "epoch-3.json"));
    assertThat(newest.get("seed").asLong()).isEqualTo(5);
    assertThat(newest.get("metrics")).isEqualTo(metrics);
    try (java.util.stream.Stream<Path> files = Files.list(Path.of(checkpoints))) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))).containsExactlyInAnyOrder(
          "epoch-2.zip", "epoch-2.json", "epoch-3.zip", "epoch-3.json");
    }

    // Resumed from epoch 1's checkpoint, the run trained exactly as one that never stopped.
    String uninterrupted = dir.resolve("uninterrupted").toString();
    assertThat(bln("train", "--master", "local[2]", "--data", data, "--output", uninterrupted, "--model", "mlp",
        "--batch-size", "10", "--lr", "0.01", "--workers", "2", "--epochs", "3", "--seed", "5")).isZero();
    assertThat(ModelSerializer.restoreMultiLayerNetwork(new File(output, "model.zip")).params())
        .isEqualTo(ModelSerializer.restoreMultiLayerNetwork(new File(uninterrupted, "model.zip")).params());
    JsonNode again = Json.MAPPER.readTree(new File(uninterrupted, "metrics.json")).get("epochs");
    for (int e = 0; e < 3; e++) {
      for (String field : List.of("trainLoss", "validationLoss", "validationAccuracy")) {
        assertThat(again.get(e).get(field)).as("epoch %d %s", e + 1, field).isEqualTo(metrics.get(e).get(field));
      }
    }
  }

  @Test
  void trainRefusesAnExistingOutputWithoutOverwriteAndReadersRefuseAModelItsManifestDoesNotList()
      throws Exception {
    String data = prepareUsersCsv("published");
    String output = dir.resolve("published-run").toString();
    java.util.function.Function<String, String[]> trainInto = into -> new String[] {"train", "--master", "local[2]",
        "--data", data, "--output", into, "--model", "mlp", "--batch-size", "10", "--workers", "2", "--epochs", "1"};
    String[] train = trainInto.apply(output);
    assertThat(bln(train)).isZero();
    byte[] model = Files.readAllBytes(Path.of(output, "model.zip"));
    byte[] metrics = Files.readAllBytes(Path.of(output, "metrics.json"));
    assertThat(CliFailures.oneLine(train)).contains(output + " already holds a trained model")
        .contains("pass --overwrite to replace it");
    assertThat(Files.readAllBytes(Path.of(output, "model.zip"))).isEqualTo(model);
    assertThat(Files.readAllBytes(Path.of(output, "metrics.json"))).isEqualTo(metrics);

    JsonNode manifest = Json.MAPPER.readTree(new File(output, "_bln_run.json"));
    String publication = manifest.get("publication").asText();
    assertThat(list(manifest.get("files")).stream().map(JsonNode::asText))
        .containsExactly("model.zip", "metrics.json", "metrics.csv");
    assertThat(Json.MAPPER.readTree(new File(output, "metrics.json")).get("publication").asText())
        .isEqualTo(publication);

    // What a crash between model.zip and metrics.json leaves: another publication's model beside
    // the old metrics and manifest. Readers refuse it; the same model copied alone is read.
    String other = dir.resolve("published-other").toString();
    assertThat(bln(concat(trainInto.apply(other), "--seed", "6"))).isZero();
    Files.copy(Path.of(other, "model.zip"), Path.of(output, "model.zip"), StandardCopyOption.REPLACE_EXISTING);
    assertThat(CliFailures.oneLine("evaluate", "--master", "local[2]", "--model", output + "/model.zip", "--data",
        data)).contains("is not the model.zip that " + output + "/_bln_run.json lists").contains("--overwrite");
    Path alone = Files.copy(Path.of(other, "model.zip"), dir.resolve("published-alone.zip"));
    assertThat(bln("evaluate", "--master", "local[2]", "--model", alone.toString(), "--data", data)).isZero();

    assertThat(bln(concat(train, "--overwrite"))).isZero();
    assertThat(Json.MAPPER.readTree(new File(output, "_bln_run.json")).get("publication").asText())
        .isNotEqualTo(publication);
    assertThat(bln("evaluate", "--master", "local[2]", "--model", output + "/model.zip", "--data", data)).isZero();
  }

  @Test
  void aRecalibrationIsRecordedInTheModelAndEvaluateWarnsOfTheSplitItUsed() throws Exception {
    String data = prepareUsersCsv("recalibrated");
    String output = dir.resolve("recalibrated-run").toString();
    assertThat(bln("train", "--master", "local[2]", "--data", data, "--output", output, "--model", "mlp",
        "--batch-size", "10", "--workers", "2", "--epochs", "1")).isZero();
    java.util.Map<String, List<String>> warnings = new java.util.LinkedHashMap<>();
    for (String split : List.of("test", "train")) {
      String model = dir.resolve("recalibrated-on-" + split + ".zip").toString();
      java.time.Instant before = java.time.Instant.now();
      assertThat(bln("recalibrate", "--master", "local[2]", "--model", output + "/model.zip", "--data", data,
          "--split", split, "--output", model)).isZero();
      JsonNode recalibration;
      try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(model)) {
        recalibration = Json.MAPPER.readTree(zip.getInputStream(zip.getEntry(
            org.blnspark.model.archive.ModelArchive.METADATA))).get("recalibration");
      }
      assertThat(recalibration.get("data").asText()).isEqualTo("file:" + data);
      assertThat(recalibration.get("split").asText()).isEqualTo(split.toUpperCase(java.util.Locale.ROOT));
      assertThat(java.time.Instant.parse(recalibration.get("time").asText())).isBetween(before,
          java.time.Instant.now());

      String report = dir.resolve("recalibrated-on-" + split + "-report.json").toString();
      assertThat(bln("evaluate", "--master", "local[2]", "--model", model, "--data", data, "--inference", "PPPP",
          "--report", report)).isZero();
      warnings.put(split, list(Json.MAPPER.readTree(new File(report)).get("warnings")).stream()
          .map(JsonNode::asText).toList());
    }
    assertThat(warnings.get("test")).singleElement().asString()
        .startsWith("the model was recalibrated on the test split of " + data);
    assertThat(warnings.get("train")).isEmpty();
  }

  private static String prepareUsersCsv(String name) throws Exception {
    return prepareUsersCsv(dir, name);
  }

  /** A small three-class CSV of the user's own, prepared under {@code name} in {@code dir}. */
  static String prepareUsersCsv(Path dir, String name) throws Exception {
    Path file = usersCsv(dir, name);
    String data = dir.resolve(name).toString();
    assertThat(bln("prepare", "--master", "local[2]", "--dataset", "user", "--raw", file.toString(), "--output",
        data)).isZero();
    return data;
  }

  /** A small three-class CSV of the user's own, {@code name}.csv in {@code dir}. */
  static Path usersCsv(Path dir, String name) throws java.io.IOException {
    StringBuilder csv = new StringBuilder("x0,x1,x2,x3,label\n");
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 300; i++) {
      int label = i % 3;
      csv.append(String.format(java.util.Locale.ROOT, "%.4f,%.4f,%.4f,%.4f,%d%n", random.nextGaussian() + 2 * label,
          random.nextGaussian() - label, random.nextGaussian(), random.nextGaussian() + (label == 1 ? 3 : 0), label));
    }
    return Files.writeString(dir.resolve(name + ".csv"), csv);
  }

  static List<JsonNode> list(JsonNode array) {
    List<JsonNode> nodes = new java.util.ArrayList<>();
    array.forEach(nodes::add);
    return nodes;
  }

  private static String[] concat(String[] first, String... more) {
    return java.util.stream.Stream.concat(java.util.Arrays.stream(first), java.util.Arrays.stream(more))
        .toArray(String[]::new);
  }

  /** The share of spam in the prepared test split, from the dataset's own Parquet. */
  private static double spamShareOfTest(String data) {
    SparkOptions options = SparkOptions.master("local[2]");
    try (org.apache.spark.sql.SparkSession spark = options.session("share")) {
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> test =
          org.blnspark.jobs.data.DatasetReader.read(spark, data, org.blnspark.jobs.data.Split.TEST);
      return test.filter("label = 1").count() / (double) test.count();
    }
  }

  static String stderrOf(String... args) {
    StringWriter err = new StringWriter();
    int code = BlnCli.run(new PrintWriter(err, true), args);
    return code + " " + err;
  }
}
