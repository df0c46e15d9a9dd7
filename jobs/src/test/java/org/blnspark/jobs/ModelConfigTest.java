package org.blnspark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.blnspark.jobs.io.Json;
import org.blnspark.model.BatchLayerNormalization;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.Mixing;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own network through the command line: the residual graph of docs/examples trains on
 * two workers, evaluates under all 16 configurations and learns; --norm replaces its
 * normalisation layers; bad files are one line and exit 2, with nothing written.
 */
class ModelConfigTest {
  /** The example the docs show; the tests run it as it is committed. */
  static final Path EXAMPLE = Path.of("..", "docs", "examples", "residual-graph.json");

  @TempDir
  static Path dir;
  static String fashion;

  @BeforeAll
  static void prepare() {
    fashion = dir.resolve("fashion").toString();
    assertThat(BlnCli.run("prepare", "--master", "local[2]", "--dataset", "fashion-mnist", "--output", fashion,
        "--limit", "500")).isZero();
  }

  private static String[] train(String config, String output, String... more) {
    return Stream.concat(Stream.of("train", "--master", "local[2]", "--data", fashion, "--output", output,
        "--model-config", config, "--workers", "2", "--batch-size", "10"), Stream.of(more)).toArray(String[]::new);
  }

  @Test
  void theExampleGraphTrainsOnTwoWorkersEvaluatesUnderAllSixteenConfigurationsAndLearns() throws Exception {
    String output = dir.resolve("graph").toString();
    assertThat(BlnCli.run(train(EXAMPLE.toString(), output, "--epochs", "3"))).isZero();
    ComputationGraph graph = ModelSerializer.restoreComputationGraph(new File(output, "model.zip"));
    assertThat(BlnNetworks.blnLayers(graph)).extracting(l -> l.layerConf().getLayerName())
        .containsExactly("bln1", "bln2", "bln3");

    String report = dir.resolve("graph-report.json").toString();
    assertThat(BlnCli.run("evaluate", "--master", "local[2]", "--model", output + "/model.zip", "--data", fashion,
        "--inference", "all", "--report", report)).isZero();
    JsonNode json = Json.MAPPER.readTree(new File(report));
    assertThat(json.get("validationAccuracy").size()).isEqualTo(16);
    // Ten classes: chance is 0.1.
    assertThat(json.get("testAccuracy").asDouble()).isGreaterThan(0.6);
  }

  @Test
  void normReplacesEveryNormalisationLayerOfTheFile() throws Exception {
    String output = dir.resolve("graph-bn").toString();
    assertThat(BlnCli.run(train(EXAMPLE.toString(), output, "--epochs", "1", "--norm", "bn"))).isZero();
    ComputationGraph graph = ModelSerializer.restoreComputationGraph(new File(output, "model.zip"));
    assertThat(BlnNetworks.blnLayers(graph)).isEmpty();
    for (String name : List.of("bln1", "bln2", "bln3")) {
      assertThat(graph.getLayer(name).conf().getLayer()).isInstanceOf(BatchNormalization.class);
    }
  }

  @Test
  void normLnAndNoneReplaceTheFilesLayersToo() throws Exception {
    String ln = dir.resolve("graph-ln").toString();
    assertThat(BlnCli.run(train(EXAMPLE.toString(), ln, "--epochs", "1", "--norm", "ln"))).isZero();
    ComputationGraph layerNorm = ModelSerializer.restoreComputationGraph(new File(ln, "model.zip"));
    String none = dir.resolve("graph-none").toString();
    assertThat(BlnCli.run(train(EXAMPLE.toString(), none, "--epochs", "1", "--norm", "none"))).isZero();
    ComputationGraph identity = ModelSerializer.restoreComputationGraph(new File(none, "model.zip"));
    for (String name : List.of("bln1", "bln2", "bln3")) {
      assertThat(layerNorm.getLayer(name).conf().getLayer()).isInstanceOfSatisfying(BatchLayerNormalization.class,
          l -> assertThat(l.getMixing()).isEqualTo(Mixing.LAYER));
      assertThat(identity.getLayer(name).conf().getLayer()).isInstanceOfSatisfying(ActivationLayer.class,
          l -> assertThat(l.getActivationFn()).isInstanceOf(ActivationIdentity.class));
    }
  }

  @Test
  void aLayeredFileTrainsWithItsOwnUpdaterScheduleRegularisationAndSeed() throws Exception {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(11)
        .updater(new Adam(new StepSchedule(ScheduleType.EPOCH, 0.004, 0.5, 1))).l2(1e-4).list()
        .layer(new DenseLayer.Builder().nOut(32).activation(Activation.TANH).build())
        .layer(new BatchLayerNormalization.Builder().build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX)
            .build())
        .setInputType(InputType.feedForward(784)).build();
    Path file = Files.writeString(dir.resolve("layered.json"), conf.toJson());
    String output = dir.resolve("layered").toString();
    assertThat(BlnCli.run(train(file.toString(), output, "--epochs", "2"))).isZero();

    MultiLayerNetwork trained = ModelSerializer.restoreMultiLayerNetwork(new File(output, "model.zip"));
    assertThat(trained.getLayerWiseConfigurations().getConf(0).getSeed()).isEqualTo(11);
    BaseLayer dense = (BaseLayer) trained.getLayerWiseConfigurations().getConf(0).getLayer();
    assertThat(dense.getIUpdater()).isInstanceOfSatisfying(Adam.class, adam -> {
      assertThat(adam.getLearningRateSchedule()).isInstanceOf(StepSchedule.class);
      assertThat(adam.getLearningRateSchedule().valueAt(0, 1)).isEqualTo(0.002);
    });
    assertThat(dense.getRegularization()).isNotEmpty();
    assertThat(Json.MAPPER.readTree(new File(output, "metrics.json")).get("epochs").size()).isEqualTo(2);
  }

  @Test
  void aGraphRunResumesFromItsCheckpoint() throws Exception {
    String output = dir.resolve("graph-resumed").toString();
    String checkpoints = dir.resolve("graph-checkpoints").toString();
    assertThat(BlnCli.run(train(EXAMPLE.toString(), output, "--epochs", "1", "--checkpoint-dir", checkpoints)))
        .isZero();
    assertThat(BlnCli.run(train(EXAMPLE.toString(), output, "--epochs", "2", "--checkpoint-dir", checkpoints,
        "--resume"))).isZero();
    JsonNode epochs = Json.MAPPER.readTree(new File(output, "metrics.json")).get("epochs");
    assertThat(epochs.findValuesAsText("epoch")).containsExactly("1", "2");
    assertThat(ModelSerializer.restoreComputationGraph(new File(output, "model.zip")).getLayer("bln3")).isNotNull();
  }

  @Test
  void aSweepRunsOnTheFileWithItsNormalisationReplacedPerCell() throws Exception {
    String output = dir.resolve("graph-sweep").toString();
    assertThat(BlnCli.run("sweep", "--master", "local[2]", "--data", fashion, "--output", output, "--model-config",
        EXAMPLE.toString(), "--norms", "bln,bn", "--batch-sizes", "10", "--workers-list", "2", "--seeds", "1",
        "--epochs", "1")).isZero();
    // BN's cell is also reported with its statistics recomputed by BLN's pass.
    List<String> summary = Files.readAllLines(Path.of(output, "summary.csv"));
    assertThat(summary).hasSize(4);
    assertThat(summary.subList(1, 4)).anyMatch(row -> row.startsWith("BLN,")).anyMatch(row -> row.startsWith("BN,"))
        .anyMatch(row -> row.startsWith("BN_RECOMPUTED,"));
  }

  @Test
  void brokenJson() throws IOException {
    assertRefused(variant("broken", json -> json.substring(0, json.length() / 2)), "not a DL4J network configuration");
  }

  @Test
  void unknownLayerType() throws IOException {
    assertRefused(variant("unknown", json -> json.replaceFirst("org.deeplearning4j.nn.conf.layers.DenseLayer",
        "org.example.NoSuchLayer")), "not a DL4J network configuration");
  }

  @Test
  void anInputWidthTheDataDoesNotHave() throws IOException {
    assertRefused(variant("width", json -> json.replace("\"nin\" : 784", "\"nin\" : 100")), "cannot read the data's "
        + "examples of 784 features");
  }

  @Test
  void aClassCountTheDataDoesNotHave() throws IOException {
    assertRefused(variant("classes", json -> json.replace("\"nout\" : 10", "\"nout\" : 3")), "the data has 10 classes");
  }

  @Test
  void aGraphWithoutOutput() throws IOException {
    assertRefused(variant("no-output", json -> json.replaceAll("\"networkOutputs\" : \\[[^]]*]",
        "\"networkOutputs\" : [ ]")), "one input and one output");
  }

  @Test
  void aFailureOfTheForwardPassThatNoDataCausesIsABugWithItsTrace() throws IOException {
    Path config = Files.writeString(dir.resolve("failing.json"), new NeuralNetConfiguration.Builder().list()
        .layer(new DenseLayer.Builder().nOut(8).activation(new FailingActivation()).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX)
            .build())
        .setInputType(InputType.feedForward(784)).build().toJson());
    Path output = dir.resolve("out-failing");
    StringWriter err = new StringWriter();
    assertThat(BlnCli.run(new PrintWriter(err, true), train(config.toString(), output.toString()))).isEqualTo(1);
    assertThat(err.toString()).contains(FailingActivation.MESSAGE).contains("\tat ").contains("bln: internal error");
    assertThat(output).doesNotExist();
  }

  @Test
  void theBuiltInModelsOptionsAreRefusedWithAFile() {
    assertThat(CliFailures.oneLine(train(EXAMPLE.toString(), dir.resolve("lr").toString(), "--lr", "0.1")))
        .contains("--lr is for the built-in models");
    assertThat(CliFailures.oneLine(train(EXAMPLE.toString(), dir.resolve("both").toString(), "--model", "mlp")))
        .contains("--model").contains("--model-config").contains("mutually exclusive");
  }

  private static Path variant(String name, java.util.function.UnaryOperator<String> change) throws IOException {
    String json = Files.readString(EXAMPLE);
    String changed = change.apply(json);
    assertThat(changed).as("the test's change applies").isNotEqualTo(json);
    return Files.writeString(dir.resolve(name + ".json"), changed);
  }

  private static void assertRefused(Path config, String reason) {
    Path output = dir.resolve("out-" + config.getFileName());
    assertThat(CliFailures.oneLine(train(config.toString(), output.toString()))).contains(config.toString()).contains(reason);
    assertThat(output).doesNotExist();
  }

}
