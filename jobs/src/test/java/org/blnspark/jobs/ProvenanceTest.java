package org.blnspark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.blnspark.jobs.io.Json;
import org.blnspark.jobs.run.CodeVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results never mix data or code: a dataset prepared again with another --limit makes a sweep train
 * its cells again and a resumed run refuse its checkpoints; a cell of another commit is trained again
 * unless --accept-other-commits keeps it, and then the page and results.csv name both commits.
 */
class ProvenanceTest {
  @TempDir
  Path dir;

  @Test
  void aDatasetPreparedAgainWithAnotherLimitMakesASweepRedoItsCellAndAResumeRefuse() throws Exception {
    String data = dir.resolve("fashion").toString();
    prepare(data, "60");
    String output = dir.resolve("sweep").toString();
    String[] sweep = {"sweep", "--master", "local[2]", "--data", data, "--output", output, "--model", "mlp",
        "--norms", "bln", "--batch-sizes", "10", "--workers-list", "2", "--seeds", "1", "--epochs", "1"};
    String checkpoints = dir.resolve("checkpoints").toString();
    String[] train = {"train", "--master", "local[2]", "--data", data, "--output", dir.resolve("run").toString(),
        "--model", "mlp", "--batch-size", "10", "--workers", "2", "--checkpoint-dir", checkpoints};
    assertThat(BlnCli.run(sweep)).isZero();
    assertThat(BlnCli.run(concat(train, "--epochs", "1"))).isZero();
    // The run's metrics.json names its code and data, as its model and checkpoints do.
    JsonNode run = Json.MAPPER.readTree(dir.resolve("run/metrics.json").toFile()).get("run");
    assertThat(run.get("code").get("commit").asText()).isEqualTo(CodeVersion.current().commit());
    assertThat(run.get("data").get("splits").get("TRAIN").get("rows").asLong()).isEqualTo(60);
    Path cell = Path.of(output, "cells/bln-b10-w2-s1/cell.json");
    assertThat(trainRows(cell)).isEqualTo(60);
    FileTime trained = Files.getLastModifiedTime(cell);

    try (Stream<Path> files = Files.walk(Path.of(data))) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
    prepare(data, "80");
    assertThat(BlnCli.run(sweep)).isZero();
    assertThat(Files.getLastModifiedTime(cell)).as("trained again").isNotEqualTo(trained);
    assertThat(trainRows(cell)).isEqualTo(80);
    assertThat(Json.MAPPER.readTree(Path.of(data, "_bln_dataset.json").toFile()).get("counts").get("train").asLong())
        .isEqualTo(80);

    // Into its own output, the published run's manifest refuses the resume first; into a fresh
    // output, the checkpoints themselves do. Both name the difference.
    StringWriter err = new StringWriter();
    assertThat(BlnCli.run(new PrintWriter(err, true), concat(train, "--epochs", "2", "--resume"))).isEqualTo(2);
    assertThat(err.toString()).contains("the data differs: the train split has 60 rows there, 80 here");
    String[] elsewhere = train.clone();
    elsewhere[6] = dir.resolve("run-elsewhere").toString();
    StringWriter checkpointErr = new StringWriter();
    assertThat(BlnCli.run(new PrintWriter(checkpointErr, true), concat(elsewhere, "--epochs", "2", "--resume")))
        .isEqualTo(2);
    assertThat(checkpointErr.toString()).contains("cannot resume from " + checkpoints + "/epoch-1.json")
        .contains("the data differs: the train split has 60 rows there, 80 here").contains("--overwrite");
  }

  @Test
  void aCellOfAnotherCommitIsTrainedAgainUnlessAcceptedAndThenThePageNamesBothCommits() throws Exception {
    String data = dir.resolve("fashion").toString();
    prepare(data, "60");
    Path output = dir.resolve("sweep");
    String[] sweep = {"sweep", "--master", "local[2]", "--data", data, "--output", output.toString(),
        "--model", "mlp", "--norms", "bln", "--batch-sizes", "10", "--workers-list", "2", "--seeds", "1,2",
        "--epochs", "1"};
    assertThat(BlnCli.run(sweep)).isZero();
    String current = CodeVersion.current().describe();
    assertThat(Files.readString(output.resolve("index.html"))).contains("trained by commit <code>" + current);
    // Cell s1 as if an earlier commit had trained it.
    Path older = output.resolve("cells/bln-b10-w2-s1/cell.json");
    Path untouched = output.resolve("cells/bln-b10-w2-s2/cell.json");
    ObjectNode json = (ObjectNode) Json.MAPPER.readTree(older.toFile());
    ((ObjectNode) json.get("run").get("code")).put("commit", "0123456789abcdef0123456789abcdef01234567")
        .put("dirty", false);
    Json.MAPPER.writeValue(older.toFile(), json);
    FileTime written = Files.getLastModifiedTime(older);
    FileTime second = Files.getLastModifiedTime(untouched);

    assertThat(BlnCli.run(concat(sweep, "--accept-other-commits"))).isZero();
    assertThat(Files.getLastModifiedTime(older)).as("kept").isEqualTo(written);
    assertThat(Files.readString(output.resolve("index.html"))).contains("These cells mix 2 code versions")
        .contains("<code>0123456789</code> (1 cell)").contains("<code>" + current + "</code> (1 cell)");
    List<String> results = Files.readAllLines(output.resolve("results.csv"));
    assertThat(results.get(0)).endsWith(",commit");
    assertThat(results.subList(1, results.size())).anyMatch(r -> r.startsWith("BLN,10,2,1,") && r.endsWith(
        ",0123456789")).anyMatch(r -> r.startsWith("BLN,10,2,2,") && r.endsWith("," + current));

    assertThat(BlnCli.run(sweep)).isZero();
    assertThat(Files.getLastModifiedTime(older)).as("trained again").isNotEqualTo(written);
    assertThat(Json.MAPPER.readTree(older.toFile()).get("run").get("code").get("commit").asText())
        .isEqualTo(CodeVersion.current().commit());
    assertThat(Files.getLastModifiedTime(untouched)).isEqualTo(second);
    assertThat(Files.readString(output.resolve("index.html"))).contains("trained by commit <code>" + current)
        .doesNotContain("0123456789</code>");
  }

  private static void prepare(String data, String limit) {
    assertThat(BlnCli.run("prepare", "--master", "local[2]", "--dataset", "fashion-mnist", "--output", data,
        "--limit", limit)).isZero();
  }

  /** The number of training rows a sweep cell records it was trained on. */
  private static long trainRows(Path cell) throws Exception {
    JsonNode splits = Json.MAPPER.readTree(cell.toFile()).get("run").get("data").get("splits");
    return splits.get("TRAIN").get("rows").asLong();
  }

  private static String[] concat(String[] args, String... more) {
    return Stream.concat(Stream.of(args), Stream.of(more)).toArray(String[]::new);
  }
}
