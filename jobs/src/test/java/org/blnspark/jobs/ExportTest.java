package org.blnspark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.blnspark.model.onnx.OnnxExport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bln export through the real command line, on a LeNet + BLN trained on a slice of Fashion-MNIST:
 * ONNX Runtime reproduces 'bln predict' (RowScorer, on Spark) on the test split, and bad input is
 * one line, exit 2, with nothing written.
 */
class ExportTest {
  @TempDir
  static Path dir;
  static String data;
  static String model;

  @BeforeAll
  static void trainAModel() {
    data = dir.resolve("fashion").toString();
    assertThat(BlnCli.run("prepare", "--master", "local[2]", "--dataset", "fashion-mnist", "--output", data,
        "--limit", "300")).isZero();
    String output = dir.resolve("lenet").toString();
    CliStdout.of("train", "--master", "local[2]", "--data", data, "--output", output, "--batch-size", "10",
        "--epochs", "1", "--workers", "2");
    model = output + "/model.zip";
  }

  @Test
  void onnxRuntimeReproducesPredictOnTheTestSplit() throws Exception {
    String onnx = dir.resolve("lenet.onnx").toString();
    assertThat(CliStdout.of("export", "--model", model, "--output", onnx, "--inference", "PPPB"))
        .contains("inference: PPPB (4 BLN layers)");
    String predictions = dir.resolve("predictions").toString();
    assertThat(BlnCli.run("predict", "--master", "local[2]", "--model", model, "--data", data, "--output",
        predictions, "--inference", "PPPB")).isZero();
    SparkSession spark = SparkSession.builder().master("local[2]").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.ui.enabled", "false").getOrCreate();
    List<Row> rows = spark.read().parquet(predictions).collectAsList();
    assertThat(rows).isNotEmpty();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions())) {
      for (Row row : rows) {
        List<Number> features = row.getList(row.fieldIndex("features"));
        float[][] x = new float[1][features.size()];
        for (int i = 0; i < x[0].length; i++) {
          x[0][i] = features.get(i).floatValue();
        }
        try (OnnxTensor input = OnnxTensor.createTensor(env, x);
             OrtSession.Result result = session.run(Map.of(OnnxExport.FEATURES, input))) {
          float[] probabilities = ((float[][]) result.get(OnnxExport.PROBABILITIES).orElseThrow().getValue())[0];
          long prediction = ((long[]) result.get(OnnxExport.PREDICTION).orElseThrow().getValue())[0];
          List<Double> expected = row.getList(row.fieldIndex("probability"));
          for (int c = 0; c < probabilities.length; c++) {
            assertThat(Math.abs(probabilities[c] - expected.get(c))).isLessThanOrEqualTo(1e-4);
          }
          assertThat(prediction).isEqualTo(row.getInt(row.fieldIndex("prediction")));
        }
      }
    }
  }

  @Test
  void anExistingOutputIsKeptWithoutOverwrite() throws Exception {
    Path onnx = dir.resolve("kept.onnx");
    Files.writeString(onnx, "mine");
    assertThat(CliFailures.oneLine("export", "--model", model, "--output", onnx.toString()))
        .contains("exists; give --overwrite");
    assertThat(Files.readString(onnx)).isEqualTo("mine");
    CliStdout.of("export", "--model", model, "--output", onnx.toString(), "--overwrite");
    assertThat(Files.size(onnx)).isGreaterThan(1000);
  }

  @Test
  void aBatchDependentOrUnknownConfigurationIsRefused() {
    Path onnx = dir.resolve("refused.onnx");
    assertThat(CliFailures.oneLine("export", "--model", model, "--output", onnx.toString(), "--inference", "BBPP"))
        .contains("depends on the batch").contains("PPBB, PPBP, PPPB, PPPP");
    assertThat(CliFailures.oneLine("export", "--model", model, "--output", onnx.toString(), "--inference", "PPXX"))
        .contains("four letters of P");
    assertThat(onnx).doesNotExist();
  }

  @Test
  void aCorruptOrForeignZipIsRefused() throws Exception {
    Path corrupt = dir.resolve("corrupt.zip");
    Files.write(corrupt, new byte[] {'P', 'K', 3, 4, 1, 2, 3});
    Path onnx = dir.resolve("corrupt.onnx");
    assertThat(CliFailures.oneLine("export", "--model", corrupt.toString(), "--output", onnx.toString()))
        .contains(corrupt.toString());
    assertThat(onnx).doesNotExist();
    assertThat(dir.toFile().list((d, name) -> name.startsWith(".corrupt.onnx"))).isEmpty();
  }
}
