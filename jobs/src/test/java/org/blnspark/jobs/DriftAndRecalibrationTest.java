package org.blnspark.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.transform;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.data.DatasetMetadata;
import org.blnspark.jobs.io.Json;
import org.blnspark.jobs.report.DriftReport;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The drift report and recalibration on Fashion-MNIST and a copy of it whose images have lower
 * contrast and a lighter background (x → 0.5·x + 0.3): the same layout and classes, other
 * statistics.
 */
class DriftAndRecalibrationTest {
  private static final Set<String> POPULATION = Set.of("batchMean", "batchVar", "featureMean", "featureVar");

  @TempDir
  static Path dir;
  static String data;
  static String shifted;
  static String model;

  @BeforeAll
  static void trainAModelAndShiftTheData() throws Exception {
    data = dir.resolve("fashion").toString();
    assertThat(BlnCli.run("prepare", "--master", "local[2]", "--dataset", "fashion-mnist", "--output", data,
        "--limit", "300")).isZero();
    String output = dir.resolve("lenet").toString();
    assertThat(BlnCli.run("train", "--master", "local[2]", "--data", data, "--output", output, "--batch-size", "10",
        "--epochs", "2", "--workers", "2")).isZero();
    model = output + "/model.zip";

    shifted = dir.resolve("fashion-shifted").toString();
    SparkSession spark = SparkSession.builder().master("local[2]").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.ui.enabled", "false").getOrCreate();
    spark.read().parquet(data)
        .withColumn("features", transform(col("features"), x -> x.multiply(0.5).plus(0.3).cast("float")))
        .write().parquet(shifted);
    spark.stop();
    Files.copy(Path.of(data, DatasetMetadata.FILE_NAME), Path.of(shifted, DatasetMetadata.FILE_NAME));
  }

  @Test
  void theReportFindsTheShiftedDataDriftedAndTheOriginalNot() throws Exception {
    JsonNode same = driftReport(data, "same");
    JsonNode moved = driftReport(shifted, "moved");
    assertThat(same.get("drifted").asBoolean()).as("the test split of the training data").isFalse();
    assertThat(moved.get("drifted").asBoolean()).as("the shifted test split").isTrue();
    JsonNode first = moved.get("layers").get(0);
    assertThat(first.get("drifted").asBoolean()).isTrue();
    assertThat(first.get("meanAbsoluteShift").asDouble())
        .isGreaterThan(3 * same.get("layers").get(0).get("meanAbsoluteShift").asDouble());
    assertThat(first.get("shifts").size()).isEqualTo(first.get("varianceRatios").size()).isGreaterThan(0);
  }

  private static JsonNode driftReport(String input, String name) throws Exception {
    String report = dir.resolve("drift-" + name).toString();
    assertThat(BlnCli.run("predict", "--master", "local[2]", "--model", model, "--data", input, "--output",
        dir.resolve("predictions-" + name).toString(), "--drift-report", report)).isZero();
    assertThat(Path.of(report, DriftReport.PAGE)).exists();
    assertThat(Path.of(report, "mean-shift.png")).exists();
    return Json.MAPPER.readTree(new File(report, DriftReport.JSON));
  }

  @Test
  void recalibrationOnTheShiftedDataChangesOnlyThePopulationStatisticsAndHelpsThere() throws Exception {
    String recalibrated = dir.resolve("recalibrated.zip").toString();
    assertThat(BlnCli.run("recalibrate", "--master", "local[2]", "--model", model, "--data", shifted, "--output",
        recalibrated)).isZero();

    Map<String, INDArray> before = parameters(model);
    Map<String, INDArray> after = parameters(recalibrated);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    java.util.List<String> changed = new java.util.ArrayList<>();
    for (Map.Entry<String, INDArray> entry : before.entrySet()) {
      boolean population = POPULATION.contains(entry.getKey().substring(entry.getKey().indexOf('_') + 1));
      if (population) {
        if (!entry.getValue().equals(after.get(entry.getKey()))) {
          changed.add(entry.getKey());
        }
      } else {
        assertThat(after.get(entry.getKey())).as(entry.getKey()).isEqualTo(entry.getValue());
      }
    }
    System.out.println("population parameters changed: " + changed);
    // The batch statistics of all four BLN layers: those are what the shifted data moves.
    assertThat(changed.stream().filter(k -> k.endsWith("_batchMean") || k.endsWith("_batchVar"))).hasSize(4 * 2);

    double accuracyBefore = testAccuracy(model, "before");
    double accuracyAfter = testAccuracy(recalibrated, "after");
    System.out.printf("shifted test accuracy: trained statistics %.4f, recalibrated %.4f%n", accuracyBefore,
        accuracyAfter);
    assertThat(accuracyAfter).isGreaterThan(accuracyBefore);
  }

  private static Map<String, INDArray> parameters(String path) throws Exception {
    MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(new File(path), false);
    return new TreeMap<>(net.paramTable());
  }

  private static double testAccuracy(String modelPath, String name) throws Exception {
    String report = dir.resolve("evaluation-" + name + ".json").toString();
    assertThat(BlnCli.run("evaluate", "--master", "local[2]", "--model", modelPath, "--data", shifted,
        "--inference", "PPBB", "--report", report)).isZero();
    return Json.MAPPER.readTree(new File(report)).get("testAccuracy").asDouble();
  }
}
