package org.blnspark.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.cli.SparkOptions;
import org.blnspark.jobs.io.Json;
import org.blnspark.jobs.run.PredictionRun;
import org.blnspark.model.BatchLayerNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Scoring and recalibration check their input against what the model recorded of its training
 * data, on a user's four-column CSV and a dense + BLN network trained on it: columns, scale,
 * outputs that are not finite, and inputs too small to use.
 */
class ScoringChecksTest {
  /**
   * The largest float, with either sign: the network's first layer has no squashing activation,
   * so that where a unit's weights add these up, its output overflows to an infinity.
   */
  private static final String HUGE = "3.4028235E38";

  @TempDir
  static Path dir;
  static String data;
  static String model;
  /** The prepared table's raw CSV: a header of x0..x3 and label, and 300 rows. */
  static List<String> csv;

  @BeforeAll
  static void trainOnATable() throws Exception {
    data = CliEndToEndTest.prepareUsersCsv(dir, "table");
    csv = Files.readAllLines(dir.resolve("table.csv"));
    Path network = Files.writeString(dir.resolve("network.json"), new NeuralNetConfiguration.Builder().seed(3)
        .updater(new Adam(0.01)).list()
        .layer(new DenseLayer.Builder().nOut(16).activation(Activation.IDENTITY).build())
        .layer(new BatchLayerNormalization.Builder().build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
        .setInputType(InputType.feedForward(4)).build().toJson());
    String output = dir.resolve("dense").toString();
    assertThat(BlnCli.run("train", "--master", "local[2]", "--data", data, "--output", output, "--model-config",
        network.toString(), "--batch-size", "10", "--epochs", "1", "--workers", "2")).isZero();
    model = output + "/model.zip";
  }

  @Test
  void aCsvWithItsColumnsPermutedOrRenamedIsRefusedByPredictAndRecalibrate() throws IOException {
    String permuted = rewrite("permuted", line -> {
      String[] cells = line.split(",");
      return String.join(",", cells[1], cells[0], cells[2], cells[3], cells[4]);
    });
    String renamed = rewrite("renamed", line -> line.replace("x3,", "y3,"));
    for (String command : List.of("predict", "recalibrate")) {
      Path out = dir.resolve(command + "-permuted");
      assertThat(CliFailures.oneLine(command, "--master", "local[2]", "--model", model, "--data", permuted, "--output",
          out.toString())).contains("another order than the model's training data: [x1, x0, x2, x3] for [x0, x1, x2, x3]");
      assertThat(out).doesNotExist();
      out = dir.resolve(command + "-renamed");
      assertThat(CliFailures.oneLine(command, "--master", "local[2]", "--model", model, "--data", renamed, "--output",
          out.toString())).contains("missing [x3], not the model's [y3]");
      assertThat(out).doesNotExist();
    }
  }

  @Test
  void valuesFarOutsideTheTrainingRangeAreAWarningWithACountAndRefusedByRecalibrate() throws IOException {
    // Every feature times 255, as pixels of 0-255 for a model trained on 0-1.
    String scaled = rewrite("scaled", line -> Arrays.stream(line.split(",")).map(cell -> cell.equals(cell.trim())
        && cell.contains(".") ? String.valueOf(Double.parseDouble(cell) * 255) : cell).collect(Collectors.joining(",")));
    String stdout = CliStdout.of("predict", "--master", "local[2]", "--model", model, "--data", scaled, "--output",
        dir.resolve("predict-scaled").toString());
    assertThat(stdout).containsPattern("warning: \\d+ of 300 rows have values far outside the range of the model's "
        + "training data \\[");
    Path out = dir.resolve("recalibrate-scaled.zip");
    assertThat(CliFailures.oneLine("recalibrate", "--master", "local[2]", "--model", model, "--data", scaled,
        "--output", out.toString())).contains("far outside the range").contains("nothing was written");
    assertThat(out).doesNotExist();

    String unchanged = rewrite("unchanged", line -> line);
    assertThat(CliStdout.of("predict", "--master", "local[2]", "--model", model, "--data", unchanged, "--output",
        dir.resolve("predict-unchanged").toString())).doesNotContain("warning");
  }

  @Test
  void aRowWhoseOutputsAreNotFiniteIsWrittenAsNullAndCounted() throws Exception {
    String overflowing = overflowing("overflowing");
    String out = dir.resolve("predict-overflowing").toString();
    String stdout = CliStdout.of("predict", "--master", "local[2]", "--model", model, "--data", overflowing,
        "--output", out);
    assertThat(stdout).contains("warning: 1 of 11 rows gave outputs that are not finite; their prediction and "
        + "probability are null");
    assertThat(Json.MAPPER.readTree(new File(out, PredictionRun.METADATA)).get("nonFiniteRows").asLong()).isEqualTo(1);
    try (SparkSession spark = SparkOptions.master("local[2]").session("read")) {
      List<Row> nulls = spark.read().parquet(out).where(col(PredictionRun.PREDICTION).isNull()).collectAsList();
      assertThat(nulls).hasSize(1);
      assertThat(nulls.get(0).getDouble(nulls.get(0).fieldIndex("x0"))).isGreaterThan(1e38);
      assertThat(nulls.get(0).isNullAt(nulls.get(0).fieldIndex(PredictionRun.PROBABILITY))).isTrue();
      assertThat(spark.read().parquet(out).where(col(PredictionRun.PREDICTION).isNotNull()).count()).isEqualTo(10);
    }
  }

  @Test
  void aModelWithoutTheRecordedChecksScoresWithAWarningAndRecalibrationRefusesNonFiniteStatistics()
      throws Exception {
    Path old = olderModel();
    assertThat(CliStdout.of("predict", "--master", "local[2]", "--model", old.toString(), "--data",
        rewrite("for-old-model", line -> line), "--output", dir.resolve("predict-old").toString()))
        .contains("warning: the model records no range of its training data's values")
        .contains("the CSV's column names and order were not checked");
    // Without a recorded range, the overflowing row reaches the statistics.
    Path out = dir.resolve("recalibrate-overflowing.zip");
    assertThat(CliFailures.oneLine("recalibrate", "--master", "local[2]", "--model", old.toString(), "--data",
        overflowing("overflowing-old"), "--output", out.toString())).contains("are not finite")
        .contains("nothing was written");
    assertThat(out).doesNotExist();
  }

  @Test
  void recalibratingNoRowsOrOneRowIsOneLine() {
    String empty = dir.resolve("no-rows").toString();
    String one = dir.resolve("one-row").toString();
    try (SparkSession spark = SparkOptions.master("local[2]").session("rows")) {
      spark.read().parquet(data).limit(0).write().parquet(empty);
      spark.read().parquet(data).limit(1).write().parquet(one);
    }
    Path out = dir.resolve("recalibrated-empty.zip");
    assertThat(CliFailures.oneLine("recalibrate", "--master", "local[2]", "--model", model, "--data", empty,
        "--output", out.toString())).contains("has no rows to recalibrate on");
    assertThat(out).doesNotExist();
    out = dir.resolve("recalibrated-one.zip");
    assertThat(CliFailures.oneLine("recalibrate", "--master", "local[2]", "--model", model, "--data", one,
        "--output", out.toString())).contains("too few rows (1) to recalibrate on");
    assertThat(out).doesNotExist();
  }

  @Test
  void aTableTooSmallForATrainOrAValidationSplitIsRefusedByTrain() throws Exception {
    Path three = Files.writeString(dir.resolve("three.csv"), "a,b,label\n0.1,0.2,0\n0.4,0.3,1\n0.9,0.5,1\n");
    // Nearly every row to validation and test, then nearly every row to train.
    for (String[] fractions : new String[][] {{"0.49", "0.49"}, {"0.01", "0.01"}}) {
      String prepared = dir.resolve("three-" + fractions[0]).toString();
      assertThat(BlnCli.run("prepare", "--master", "local[2]", "--dataset", "user", "--raw", three.toString(),
          "--output", prepared, "--validation-fraction", fractions[0], "--test-fraction", fractions[1])).isZero();
      Path out = dir.resolve("train-three-" + fractions[0]);
      assertThat(CliFailures.oneLine("train", "--master", "local[2]", "--data", prepared, "--output", out.toString(),
          "--model", "mlp", "--epochs", "1", "--batch-size", "2"))
          .contains("training needs at least 2 examples in the train split and 1 in validation");
      assertThat(out).doesNotExist();
    }
  }

  /** Ten rows of the table and one whose every feature is the largest float, positive or negative. */
  private static String overflowing(String name) throws IOException {
    Path file = dir.resolve(name + ".csv");
    List<String> lines = new java.util.ArrayList<>(csv.subList(0, 11));
    lines.add(String.join(",", HUGE, "-" + HUGE, HUGE, "-" + HUGE, "0"));
    Files.write(file, lines);
    return file.toString();
  }

  /** The table's CSV with every line, the header included, changed by {@code change}. */
  private static String rewrite(String name, UnaryOperator<String> change) throws IOException {
    Path file = dir.resolve(name + ".csv");
    Files.write(file, csv.stream().map(change).toList());
    return file.toString();
  }

  /** The model as a version that recorded neither the training range nor the column names wrote it. */
  private static Path olderModel() throws IOException {
    Path old = dir.resolve("older-model.zip");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(Path.of(model)));
         ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        byte[] content = in.readAllBytes();
        if (entry.getName().equals("bln-model.json")) {
          ObjectNode metadata = (ObjectNode) Json.MAPPER.readTree(content);
          assertThat(metadata.remove("range")).as("the recorded range").isNotNull();
          assertThat(((ObjectNode) metadata.get("dataset")).remove("featureNames")).as("the recorded columns")
              .isNotNull();
          content = Json.MAPPER.writeValueAsString(metadata).getBytes(StandardCharsets.UTF_8);
        }
        out.putNextEntry(new ZipEntry(entry.getName()));
        out.write(content);
        out.closeEntry();
      }
    }
    return Files.write(old, bytes.toByteArray());
  }
}
