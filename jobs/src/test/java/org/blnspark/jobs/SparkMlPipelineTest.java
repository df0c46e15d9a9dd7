package org.blnspark.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.blnspark.model.onnx.OnnxExport;
import org.blnspark.spark.ml.BlnClassificationModel;
import org.blnspark.spark.ml.BlnClassifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

/**
 * BLN as a Spark ML classifier in a Pipeline with Spark's own stages, on Fashion-MNIST: 14×14
 * pixels as plain numeric columns, as a user's table would hold them.
 */
class SparkMlPipelineTest {
  @TempDir
  static Path dir;
  static SparkSession spark;
  static Dataset<Row> train;
  static Dataset<Row> test;
  static String[] pixels;

  @BeforeAll
  static void pixelColumns() {
    String data = dir.resolve("fashion").toString();
    assertThat(BlnCli.run("prepare", "--master", "local[2]", "--dataset", "fashion-mnist", "--output", data,
        "--limit", "500")).isZero();
    spark = SparkSession.builder().master("local[2]").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.ui.enabled", "false").getOrCreate();
    List<Column> columns = new ArrayList<>(List.of(col("label").cast("double").as("label")));
    List<String> names = new ArrayList<>();
    for (int r = 0; r < 28; r += 2) {
      for (int c = 0; c < 28; c += 2) {
        names.add("p" + r + "_" + c);
        columns.add(col("features").getItem(r * 28 + c).as("p" + r + "_" + c));
      }
    }
    pixels = names.toArray(String[]::new);
    Dataset<Row> all = spark.read().parquet(data);
    train = all.where(col("split").equalTo("train")).select(columns.toArray(Column[]::new)).cache();
    test = all.where(col("split").equalTo("test")).select(columns.toArray(Column[]::new)).cache();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** The README's example: Spark's feature stages, then BLN on Spark. */
  static Pipeline pipeline(BlnClassifier bln) {
    VectorAssembler assembler = new VectorAssembler().setInputCols(pixels).setOutputCol("raw");
    StandardScaler scaler = new StandardScaler().setInputCol("raw").setOutputCol("features").setWithMean(true);
    return new Pipeline().setStages(new PipelineStage[] {assembler, scaler, bln});
  }

  static BlnClassifier classifier() {
    return new BlnClassifier().setNetwork("mlp").setEpochs(3).setBatchSizePerWorker(25).setWorkers(2)
        .setLearningRate(0.005);
  }

  @Test
  void aPipelineFitsPredictsAndComesBackFromDiskPredictingTheSame() throws Exception {
    BlnClassifier bln = classifier();
    PipelineModel model = pipeline(bln).fit(train);
    Dataset<Row> predicted = model.transform(test);
    double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(predicted);
    System.out.printf("pipeline test accuracy %.4f%n", accuracy);
    assertThat(accuracy).as("ten classes: chance is 0.1").isGreaterThan(0.6);

    BlnClassificationModel fitted = (BlnClassificationModel) model.stages()[2];
    assertThat(fitted.getOrDefault(fitted.inference())).as("chosen on the held-out rows").isIn("PPBB", "PPBP",
        "PPPB", "PPPP");
    assertThat(fitted.parent()).isSameAs(bln);
    assertThat(fitted.getEpochs()).as("the training params, copied onto the model").isEqualTo(3);
    assertThat(fitted.getLearningRate()).isEqualTo(0.005);
    assertThat(bln.isSet(bln.inference())).as("the estimator is left as it was").isFalse();

    String path = dir.resolve("pipeline-model").toString();
    model.write().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    List<Row> before = predicted.select("prediction", "probability").collectAsList();
    List<Row> after = loaded.transform(test).select("prediction", "probability").collectAsList();
    assertThat(after).isEqualTo(before);
    BlnClassificationModel reloaded = (BlnClassificationModel) loaded.stages()[2];
    assertThat(reloaded.getEpochs()).isEqualTo(3);
    assertThat(reloaded.getOrDefault(reloaded.inference())).isEqualTo(fitted.getOrDefault(fitted.inference()));

    // The inference configuration is the model's param: switched without retraining.
    Dataset<Row> allPopulation = fitted.transform(model.stages()[1].transform(model.stages()[0].transform(test)),
        ParamMap.empty().put(fitted.inference(), "PPPP"));
    assertThat(allPopulation.count()).isEqualTo(test.count());
    assertThatThrownBy(() -> fitted.setInference("BBBB")).as("a batch-dependent configuration")
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theFittedModelExportsToOnnxAndOnnxRuntimeGivesItsProbabilities() throws Exception {
    PipelineModel model = pipeline(classifier().setEpochs(1)).fit(train);
    BlnClassificationModel fitted = (BlnClassificationModel) model.stages()[2];
    ByteArrayOutputStream onnx = new ByteArrayOutputStream();
    fitted.writeOnnx(onnx);

    List<Row> rows = model.transform(test).select("features", "probability", "prediction").collectAsList();
    assertThat(rows).isNotEmpty();
    float[][] features = new float[rows.size()][];
    for (int i = 0; i < features.length; i++) {
      double[] row = ((Vector) rows.get(i).get(0)).toArray();
      features[i] = new float[row.length];
      for (int j = 0; j < row.length; j++) {
        features[i][j] = (float) row[j];
      }
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(onnx.toByteArray(), new OrtSession.SessionOptions());
         OnnxTensor input = OnnxTensor.createTensor(env, features);
         OrtSession.Result result = session.run(Map.of(OnnxExport.FEATURES, input))) {
      float[][] probabilities = (float[][]) result.get(OnnxExport.PROBABILITIES).orElseThrow().getValue();
      long[] predictions = (long[]) result.get(OnnxExport.PREDICTION).orElseThrow().getValue();
      for (int i = 0; i < features.length; i++) {
        double[] expected = ((Vector) rows.get(i).get(1)).toArray();
        for (int c = 0; c < expected.length; c++) {
          assertThat(Math.abs(probabilities[i][c] - expected[c])).as("row %d class %d", i, c)
              .isLessThanOrEqualTo(1e-4);
        }
        assertThat((double) predictions[i]).as("row %d", i).isEqualTo(rows.get(i).getDouble(2));
      }
    }
  }

  @Test
  void aCrossValidatorTunesTheInferenceParam() {
    BlnClassifier bln = classifier().setEpochs(2);
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(bln.inference(), JavaConverters.asScalaBuffer(List.of("PPBB", "PPPP")))
        .build();
    CrossValidatorModel tuned = new CrossValidator().setEstimator(pipeline(bln)).setEstimatorParamMaps(grid)
        .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy")).setNumFolds(2).setSeed(3)
        .fit(train);
    assertThat(tuned.avgMetrics()).hasSize(2);
    assertThat(java.util.Arrays.stream(tuned.avgMetrics()).min().orElseThrow()).isGreaterThan(0.4);
    BlnClassificationModel best = (BlnClassificationModel) ((PipelineModel) tuned.bestModel()).stages()[2];
    int bestIndex = tuned.avgMetrics()[0] >= tuned.avgMetrics()[1] ? 0 : 1;
    assertThat(best.getOrDefault(best.inference())).isEqualTo(List.of("PPBB", "PPPP").get(bestIndex));
  }

  @Test
  void missingColumnsAreRefusedBeforeAnyTraining() {
    assertThatThrownBy(() -> classifier().fit(train.drop("label")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("features");
  }
}
