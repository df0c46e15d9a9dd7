package org.blnspark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.blnspark.jobs.io.Json;
import org.blnspark.model.archive.ModelArchive;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a run ends: early stopping publishes the best epoch's model, resumed or not; a diverged run
 * publishes none.
 */
class StoppingTest {
  @TempDir
  static Path dir;
  static String data;

  @BeforeAll
  static void prepare() throws Exception {
    data = CliEndToEndTest.prepareUsersCsv(dir, "stopping");
  }

  private static String[] train(String output, String... more) {
    return Stream.concat(Stream.of("train", "--master", "local[2]", "--data", data, "--output", output, "--model",
        "mlp", "--batch-size", "10", "--workers", "2"), Stream.of(more)).toArray(String[]::new);
  }

  @Test
  void aBudgetOfUpdatesEndsInThePartOfAnEpochThatCompletesIt() throws Exception {
    long train = Json.MAPPER.readTree(new File(data, "_bln_dataset.json")).get("counts").get("train").asLong();
    // Batches of 10 on each of 2 workers, averaged after each: 10 to 15 updates per epoch here.
    assertThat(train).isBetween(200L, 300L);
    String output = dir.resolve("budget").toString();
    assertThat(BlnCli.run(train(output, "--budget", "updates:30", "--averaging-frequency", "1"))).isZero();
    assertThat(Json.MAPPER.readTree(new File(output, "metrics.json")).get("epochs").size()).as("two epochs and a part")
        .isEqualTo(3);
    assertThat(CliFailures.oneLine(train(dir.resolve("budget-bad").toString(), "--budget", "weeks:3")))
        .contains("a budget is epochs:N or updates:N");
    assertThat(CliFailures.oneLine(train(dir.resolve("budget-both").toString(), "--budget", "updates:3", "--epochs",
        "2"))).contains("--epochs").contains("--budget").contains("mutually exclusive");
  }

  @Test
  void earlyStoppingPublishesTheEpochOfLowestValidationLossAndRecordsHowItStopped() throws Exception {
    String output = dir.resolve("early").toString();
    String checkpoints = dir.resolve("early-checkpoints").toString();
    assertThat(BlnCli.run(train(output, "--epochs", "6", "--lr", "0.3", "--early-stopping-patience", "1",
        "--lr-schedule", "exponential:0.9", "--checkpoint-dir", checkpoints, "--keep-checkpoints", "6"))).isZero();

    JsonNode metrics = Json.MAPPER.readTree(new File(output, "metrics.json"));
    assertThat(metrics.get("lrSchedule").asText()).isEqualTo("exponential:0.9");
    List<JsonNode> epochs = CliEndToEndTest.list(metrics.get("epochs"));
    int best = 0;
    for (int i = 1; i < epochs.size(); i++) {
      if (epochs.get(i).get("validationLoss").asDouble() < epochs.get(best).get("validationLoss").asDouble()) {
        best = i;
      }
    }
    JsonNode stopping = metrics.get("earlyStopping");
    assertThat(stopping.get("patience").asInt()).isEqualTo(1);
    assertThat(stopping.get("bestEpoch").asInt()).isEqualTo(best + 1);
    // Patience 1: the run ends one epoch after its best, unless the best is the sixth.
    assertThat(epochs).hasSize(stopping.get("stoppedEarly").asBoolean() ? best + 2 : 6);
    assertThat(ModelSerializer.restoreMultiLayerNetwork(new File(output, "model.zip")).params())
        .isEqualTo(ModelSerializer.restoreMultiLayerNetwork(new File(checkpoints, "epoch-" + (best + 1) + ".zip"))
            .params());

    // Each epoch's statistics pass reports how precise its estimates are, and the model records
    // those of the statistics it holds: the best epoch's.
    long train = Json.MAPPER.readTree(new File(data, "_bln_dataset.json")).get("counts").get("train").asLong();
    JsonNode statistics = epochs.get(best).get("statistics");
    assertThat(statistics.size()).as("the MLP's BLN layers").isPositive();
    for (JsonNode layer : CliEndToEndTest.list(statistics)) {
      assertThat(layer.get("examples").asLong()).isEqualTo(train);
      assertThat(layer.get("batches").asLong()).isGreaterThan(1);
      assertThat(layer.get("meanErrorMedian").asDouble()).isPositive()
          .isLessThanOrEqualTo(layer.get("meanErrorMax").asDouble());
      assertThat(layer.get("varianceErrorMedian").asDouble()).isPositive()
          .isLessThanOrEqualTo(layer.get("varianceErrorMax").asDouble());
    }
    try (ZipFile model = new ZipFile(new File(output, "model.zip"))) {
      JsonNode provenance = Json.MAPPER.readTree(model.getInputStream(model.getEntry(ModelArchive.METADATA)));
      assertThat(provenance.get("statistics")).isEqualTo(statistics);
    }
  }

  @Test
  void aResumedRunStopsWhereAndPublishesWhatTheUninterruptedRunDid() throws Exception {
    String[] settings = {"--lr", "0.3", "--lr-schedule", "exponential:0.9", "--early-stopping-patience", "2"};
    String uninterrupted = dir.resolve("stop-uninterrupted").toString();
    assertThat(BlnCli.run(train(uninterrupted, with(settings, "--epochs", "8")))).isZero();
    JsonNode expected = Json.MAPPER.readTree(new File(uninterrupted, "metrics.json"));
    JsonNode stopping = expected.get("earlyStopping");
    assertThat(stopping.get("stoppedEarly").asBoolean()).as("this test needs a run that stops early").isTrue();
    int best = stopping.get("bestEpoch").asInt();

    // Interrupted one epoch after its best, keeping one checkpoint: the best epoch's must stay too.
    String output = dir.resolve("stop-resumed").toString();
    String[] checkpointing = with(settings, "--checkpoint-dir", dir.resolve("stop-resumed-checkpoints").toString(),
        "--keep-checkpoints", "1");
    assertThat(BlnCli.run(train(output, with(checkpointing, "--epochs", Integer.toString(best + 1))))).isZero();
    // The first resume trains up to the stop; the second finds the stop made and trains nothing.
    for (int resume = 1; resume <= 2; resume++) {
      assertThat(BlnCli.run(train(output, with(checkpointing, "--epochs", "8", "--resume")))).isZero();
      JsonNode metrics = Json.MAPPER.readTree(new File(output, "metrics.json"));
      assertThat(metrics.get("earlyStopping")).as("resume %d", resume).isEqualTo(stopping);
      assertThat(validationLosses(metrics)).as("resume %d", resume).isEqualTo(validationLosses(expected));
      assertThat(ModelSerializer.restoreMultiLayerNetwork(new File(output, "model.zip")).params())
          .as("resume %d", resume)
          .isEqualTo(ModelSerializer.restoreMultiLayerNetwork(new File(uninterrupted, "model.zip")).params());
    }
  }

  @Test
  void aResumeThatFindsCheckpointsButLoadsNoneIsRefusedAndWritesNothing() throws Exception {
    Path checkpoints = Files.createDirectories(dir.resolve("unloadable-checkpoints"));
    Files.writeString(checkpoints.resolve("epoch-1.json"), "{\"run\":");
    Files.write(checkpoints.resolve("epoch-1.zip"), new byte[] {'P', 'K', 3, 4});
    String output = dir.resolve("unloadable").toString();

    assertThat(CliFailures.oneLine(train(output, "--epochs", "2", "--checkpoint-dir", checkpoints.toString(),
        "--resume"))).contains("cannot resume: no checkpoint in " + checkpoints + " loads")
        .contains(checkpoints.resolve("epoch-1.json").toString());
    assertThat(Path.of(output)).doesNotExist();
    try (Stream<Path> files = Files.list(checkpoints)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("epoch-1.json", "epoch-1.zip");
    }
  }

  private static List<Double> validationLosses(JsonNode metrics) {
    return CliEndToEndTest.list(metrics.get("epochs")).stream().map(e -> e.get("validationLoss").asDouble()).toList();
  }

  private static String[] with(String[] first, String... more) {
    return Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new);
  }

  @Test
  void aRunThatDivergesStopsWithOneLineAndPublishesNothingButItsFiniteCheckpoints() throws Exception {
    String output = dir.resolve("diverged").toString();
    String checkpoints = dir.resolve("diverged-checkpoints").toString();
    StringWriter err = new StringWriter();
    // The rate is multiplied by 1e38 from the second epoch on.
    int code = BlnCli.run(new PrintWriter(err, true), train(output, "--epochs", "3", "--lr", "0.01",
        "--lr-schedule", "step:1e38:1", "--checkpoint-dir", checkpoints, "--keep-checkpoints", "3"));
    assertThat(code).as("stderr: %s", err).isEqualTo(2);
    assertThat(err.toString().lines().toList()).singleElement().asString().startsWith("bln: error: diverged at epoch 2");
    assertThat(Path.of(output, "model.zip")).doesNotExist();
    try (Stream<Path> files = Files.list(Path.of(checkpoints))) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
          .containsExactlyInAnyOrder("epoch-1.zip", "epoch-1.json");
    }
  }
}
