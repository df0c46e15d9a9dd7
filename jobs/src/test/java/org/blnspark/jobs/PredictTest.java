package org.blnspark.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.io.Json;
import org.blnspark.jobs.run.PredictionRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bln predict through the real command line, on a slice of Fashion-MNIST and a LeNet + BLN trained on it. */
class PredictTest {
  @TempDir
  static Path dir;
  static String data;
  static String model;
  static String trainOutput;

  @BeforeAll
  static void trainAModel() {
    data = dir.resolve("fashion").toString();
    assertThat(BlnCli.run("prepare", "--master", "local[2]", "--dataset", "fashion-mnist", "--output", data,
        "--limit", "300")).isZero();
    String output = dir.resolve("lenet").toString();
    trainOutput = CliStdout.of("train", "--master", "local[2]", "--data", data, "--output", output, "--batch-size",
        "10", "--epochs", "2", "--workers", "2");
    model = output + "/model.zip";
  }

  @Test
  void trainSaysHowPreciseTheModelsPopulationStatisticsAre() throws Exception {
    long train = Json.MAPPER.readTree(new File(data, "_bln_dataset.json")).get("counts").get("train").asLong();
    assertThat(trainOutput).containsPattern(String.format("population statistics: %,d examples in %,d mini-batches; "
        + "largest standard error of a batch mean 0\\.\\d{3} sd, of a batch variance \\d+\\.\\d%%", train,
        (train + 9) / 10));
  }

  @Test
  void theTestSplitsRowsComeBackWithTheirPredictionsWhoseAccuracyIsEvaluatesTestAccuracy() throws Exception {
    String out = dir.resolve("predictions-test").toString();
    assertThat(BlnCli.run("predict", "--master", "local[2]", "--model", model, "--data", data, "--output", out))
        .isZero();
    JsonNode metadata = Json.MAPPER.readTree(new File(out, PredictionRun.METADATA));
    // The model's own configuration, the layers' initial PPBB, reads no mini-batch statistic.
    assertThat(metadata.get("inference").asText()).isEqualTo("PPBB");
    assertThat(metadata.get("batchDependent").asBoolean()).isFalse();

    String report = dir.resolve("report-ppbb.json").toString();
    assertThat(BlnCli.run("evaluate", "--master", "local[2]", "--model", model, "--data", data, "--inference", "PPBB",
        "--report", report)).isZero();
    JsonNode evaluation = Json.MAPPER.readTree(new File(report));

    SparkSession spark = session();
    Dataset<Row> predictions = spark.read().parquet(out);
    Dataset<Row> testSplit = spark.read().parquet(data).where(col("split").equalTo("test"));
    assertThat(predictions.columns()).containsExactly("features", "label", "split", "prediction", "probability");
    assertThat(predictions.count()).isEqualTo(testSplit.count()).isEqualTo(evaluation.get("testExamples").asLong());
    assertThat(predictions.select("features", "label", "split").except(testSplit).count()).isZero();
    List<Row> rows = predictions.collectAsList();
    long correct = rows.stream().filter(r -> r.getInt(3) == r.getInt(1)).count();
    assertThat((double) correct / rows.size()).isEqualTo(evaluation.get("testAccuracy").asDouble());
    for (Row row : rows) {
      List<Double> probability = row.getList(4);
      assertThat(probability).hasSize(10);
      assertThat(probability.stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-4));
      assertThat(probability.indexOf(probability.stream().max(Double::compare).orElseThrow())).isEqualTo(row.getInt(3));
    }
  }

  @Test
  void evaluatePrintsItsTableOrItsJsonNeverBoth() throws Exception {
    String table = CliStdout.of("evaluate", "--master", "local[2]", "--model", model, "--data", data, "--inference",
        "PPBB,PPPP");
    assertThat(table).startsWith("config").contains("<- chosen on validation").doesNotContain("{");
    String json = CliStdout.of("evaluate", "--master", "local[2]", "--model", model, "--data", data, "--inference",
        "PPBB,PPPP", "--json");
    assertThat(Json.MAPPER.readTree(json).get("validationAccuracy").size()).isEqualTo(2);
  }

  @Test
  void theSamePredictionsFromOneAndFromSevenInputPartitions() throws Exception {
    SparkSession spark = session();
    Dataset<Row> examples = spark.read().parquet(data).where(col("split").equalTo("validation"))
        .withColumn("id", monotonically_increasing_id()).select("id", "features", "label");
    String one = dir.resolve("user-1").toString();
    String seven = dir.resolve("user-7").toString();
    examples.repartition(1).write().parquet(one);
    examples.repartition(7).write().parquet(seven);
    long count = examples.count();
    spark.stop();
    // Small files are packed into one partition unless opening one costs as much as a partition
    // holds; then each of the seven files is read as a partition of its own. The commands' sessions
    // read the setting from the system properties, as spark-submit passes settings.
    System.setProperty("spark.sql.files.openCostInBytes", "134217728");
    Map<Long, Row> fromOne;
    Map<Long, Row> fromSeven;
    try {
      assertThat(session().read().parquet(seven).rdd().getNumPartitions()).isEqualTo(7);
      // Each command stops the session it ran on, this test's too.
      fromOne = predict(one, "p-1");
      fromSeven = predict(seven, "p-7");
    } finally {
      System.clearProperty("spark.sql.files.openCostInBytes");
    }
    assertThat(fromSeven.keySet()).isEqualTo(fromOne.keySet()).hasSize((int) count);
    fromOne.forEach((id, row) -> {
      Row other = fromSeven.get(id);
      assertThat(other.getInt(3)).as("prediction of row %d", id).isEqualTo(row.getInt(3));
      // The network computes in float32, and its matrix products add a row's terms in an order that
      // may depend on how many rows share the call (measured: 1e-7 apart); no other row enters them.
      List<Double> probabilities = row.getList(4);
      List<Double> others = other.getList(4);
      for (int c = 0; c < probabilities.size(); c++) {
        assertThat(others.get(c)).as("probability of class %d of row %d", c, id)
            .isCloseTo(probabilities.get(c), within(1e-6));
      }
    });
  }

  private static Map<Long, Row> predict(String input, String name) {
    String out = dir.resolve(name).toString();
    assertThat(BlnCli.run("predict", "--master", "local[2]", "--model", model, "--data", input, "--output", out))
        .isZero();
    return session().read().parquet(out).collectAsList().stream().collect(Collectors.toMap(r -> r.getLong(0), r -> r));
  }

  @Test
  void aConfigurationThatReadsMiniBatchStatisticsIsUsedOnlyWithABatchSize() throws Exception {
    String out = dir.resolve("predictions-bbbb").toString();
    assertThat(CliFailures.oneLine("predict", "--master", "local[2]", "--model", model, "--data", data, "--output", out,
        "--inference", "BBBB")).contains("--batch-size").contains("[PPBB, PPBP, PPPB, PPPP]");
    assertThat(Path.of(out)).doesNotExist();

    assertThat(BlnCli.run("predict", "--master", "local[2]", "--model", model, "--data", data, "--output", out,
        "--inference", "BBBB", "--batch-size", "10", "--split", "all")).isZero();
    JsonNode metadata = Json.MAPPER.readTree(new File(out, PredictionRun.METADATA));
    assertThat(metadata.get("batchDependent").asBoolean()).isTrue();
    assertThat(metadata.get("batchSize").asInt()).isEqualTo(10);
    assertThat(metadata.get("batching").asText()).startsWith("consecutive rows of each of the input's");
    assertThat(session().read().parquet(out).count()).isEqualTo(session().read().parquet(data).count());
  }

  @Test
  void badInputIsOneLineAndLeavesNothingBehind() throws Exception {
    assertThat(CliFailures.oneLine("predict", "--master", "local[2]", "--model", dir.resolve("no-such.zip").toString(), "--data",
        data, "--output", dir.resolve("p-missing-model").toString())).contains("no-such.zip");

    String narrow = dir.resolve("narrow").toString();
    session().read().parquet(data).withColumn("features", slice(col("features"), 1, 10)).write().parquet(narrow);
    String narrowOut = dir.resolve("p-narrow").toString();
    assertThat(CliFailures.oneLine("predict", "--master", "local[2]", "--model", model, "--data", narrow, "--output", narrowOut))
        .contains("has 10 features; the model expects 784");
    assertThat(Path.of(narrowOut)).doesNotExist();

    Path existing = Files.createDirectories(dir.resolve("p-existing"));
    assertThat(CliFailures.oneLine("predict", "--master", "local[2]", "--model", model, "--data", data, "--output",
        existing.toString())).contains("already exists");
    assertThat(leftovers()).isEmpty();
  }

  private static List<String> leftovers() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.contains("._tmp-")).toList();
    }
  }


  private static SparkSession session() {
    return SparkSession.builder().master("local[2]").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.ui.enabled", "false").getOrCreate();
  }
}
