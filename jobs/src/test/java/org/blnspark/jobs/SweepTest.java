package org.blnspark.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.blnspark.jobs.io.Json;
import org.blnspark.jobs.report.ResultsPage;
import org.blnspark.jobs.run.CodeVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The study on a tiny grid: CSV, PNG plots, an HTML page that shows them, the same report drawn again
 * from the cells alone, and a rerun that skips finished cells.
 */
class SweepTest {
  @TempDir
  Path dir;

  /** The arguments with {@code option} set to {@code value}, in place if they have it. */
  private static String[] withOption(String[] args, String option, String value) {
    java.util.List<String> changed = new java.util.ArrayList<>(java.util.List.of(args));
    int at = changed.indexOf(option);
    if (at >= 0) {
      changed.set(at + 1, value);
    } else {
      changed.addAll(java.util.List.of(option, value));
    }
    return changed.toArray(String[]::new);
  }

  /** 60 Fashion-MNIST images per split, prepared under the test's directory. */
  private String tinyFashionMnist() {
    String data = dir.resolve("fashion").toString();
    assertThat(BlnCli.run("prepare", "--master", "local[2]", "--dataset", "fashion-mnist", "--output", data,
        "--limit", "60")).isZero();
    return data;
  }

  @Test
  void tinyGridWritesItsReportAndARerunSkipsFinishedCells() throws Exception {
    String data = tinyFashionMnist();
    Path output = dir.resolve("sweep");
    String[] sweep = {"sweep", "--master", "local[2]", "--data", data, "--output", output.toString(),
        "--norms", "bln,bn", "--batch-sizes", "5,10", "--workers-list", "2", "--seeds", "1", "--epochs", "2"};
    assertThat(BlnCli.run(sweep)).isZero();

    // Each BN cell is also reported as BN_RECOMPUTED: 6 arms of 2 epochs.
    List<String> csv = Files.readAllLines(output.resolve("results.csv"));
    assertThat(csv).hasSize(1 + 6 * 2);
    assertThat(csv.get(0)).startsWith("norm,batch_size,workers,seed,learning_rate,epoch");
    // One seed per cell: each summary mean is that cell's test accuracy (a column of results.csv).
    int testAccuracyColumn = List.of(csv.get(0).split(",")).indexOf("test_accuracy");
    List<String> summary = Files.readAllLines(output.resolve("summary.csv"));
    assertThat(summary).hasSize(1 + 6);
    for (String row : summary.subList(1, summary.size())) {
      String[] fields = row.split(",");
      String cellPrefix = fields[0] + "," + fields[1] + "," + fields[2] + ",";
      String testAccuracy = csv.stream().filter(r -> r.startsWith(cellPrefix)).findFirst().orElseThrow()
          .split(",")[testAccuracyColumn];
      assertThat(fields[3]).isEqualTo("1");
      assertThat(Double.parseDouble(fields[4])).isEqualTo(Double.parseDouble(testAccuracy));
    }
    // BLN against BN over seeds: with one seed, the difference is that of the two cells, with no
    // interval, and a sign-flip p of 1 (the difference and its negative are as far from 0).
    List<String> header = List.of(summary.get(0).split(","));
    for (String row : summary.subList(1, summary.size())) {
      String[] fields = row.split(",", -1);
      String diff = fields[header.indexOf("bln_minus_this_mean")];
      if (fields[0].equals("BLN")) {
        assertThat(diff).as("BLN against itself").isEmpty();
        continue;
      }
      double bln = Double.parseDouble(summary.stream().filter(r -> r.startsWith("BLN," + fields[1] + ","))
          .findFirst().orElseThrow().split(",")[4]);
      assertThat(Double.parseDouble(diff)).isCloseTo(bln - Double.parseDouble(fields[4]), within(1e-12));
      assertThat(Double.parseDouble(fields[header.indexOf("bln_minus_this_ci95_low")])).isNaN();
      assertThat(Double.parseDouble(fields[header.indexOf("bln_minus_this_sign_flip_p")])).isEqualTo(1.0);
      assertThat(Double.parseDouble(fields[header.indexOf("bln_minus_this_holm_p")])).isEqualTo(1.0);
    }
    // The within-seed detail: one row per seed, no pooled row.
    assertThat(Files.readAllLines(output.resolve("paired.csv"))).hasSize(1 + 4)
        .anyMatch(r -> r.startsWith("bln-bn,5,2,1,")).anyMatch(r -> r.startsWith("bln-bn,10,2,1,"))
        .anyMatch(r -> r.startsWith("bln-bn_recomputed,5,2,1,"));
    // Each cell's outcomes, example by example, score as its evaluation did.
    for (String name : List.of("bln-b5-w2-s1", "bn-b10-w2-s1")) {
      JsonNode cellJson = Json.MAPPER.readTree(output.resolve("cells/" + name + "/cell.json").toFile());
      String correct = cellJson.get("testOutcomes").get("correct").asText();
      assertThat(correct.chars().filter(c -> c == '1').count() / (double) correct.length()).as(name)
          .isEqualTo(cellJson.get("evaluation").get("testAccuracy").asDouble());
      assertThat(cellJson.get("evaluation").get("testAccuracyByConfiguration").size()).as(name)
          .isEqualTo(name.startsWith("bln") ? 16 : 1);
    }

    List<Path> plots;
    try (Stream<Path> files = Files.list(output)) {
      plots = files.filter(p -> p.toString().endsWith(".png")).toList();
    }
    // Accuracy against batch size, BLN's paired differences, and loss and accuracy per setting.
    assertThat(plots).hasSize(2 + 2 * 2);
    for (Path plot : plots) {
      assertThat(ImageIO.read(plot.toFile()).getWidth()).isPositive();
    }
    String html = Files.readString(output.resolve("index.html"));
    for (Path plot : plots) {
      assertThat(html).contains("src=\"" + plot.getFileName() + "\"");
    }

    // The report drawn again from the cells alone is the sweep's own, and its tables name their commit.
    Path redrawn = dir.resolve("redrawn");
    assertThat(BlnCli.run("sweep-report", "--cells", output.toString(), "--output", redrawn.toString())).isZero();
    for (String file : List.of("results.csv", "summary.csv", "comparisons.csv", "paired.csv", "tables.md",
        "index.html")) {
      assertThat(redrawn.resolve(file)).as(file).hasSameTextualContentAs(output.resolve(file));
    }
    assertThat(Files.readString(output.resolve("tables.md")))
        .contains("4 cells, trained by `" + CodeVersion.current().describe() + "` (4)");

    // A results page includes the tables in the block named after the report's directory, and only there.
    Path page = dir.resolve("results.md");
    Files.writeString(page, "# Results\n\n" + ResultsPage.beginMarker("redrawn") + "\nold\n"
        + ResultsPage.endMarker("redrawn") + "\n\nProse.\n");
    assertThat(BlnCli.run("sweep-report", "--cells", output.toString(), "--output", redrawn.toString(),
        "--page", page.toString())).isZero();
    assertThat(ResultsPage.includedTables(Files.readString(page)))
        .containsExactly(Map.entry("redrawn", Files.readString(output.resolve("tables.md"))));
    assertThat(Files.readString(page)).endsWith("\n\nProse.\n");
    // A page without the sweep's block is refused in one line and left as it was.
    Path otherPage = dir.resolve("other.md");
    Files.writeString(otherPage, "# Results\n");
    StringWriter refused = new StringWriter();
    assertThat(BlnCli.run(new PrintWriter(refused, true), "sweep-report", "--cells", output.toString(), "--output",
        redrawn.toString(), "--page", otherPage.toString())).isEqualTo(2);
    assertThat(refused.toString().lines().toList()).singleElement().asString()
        .contains(ResultsPage.beginMarker("redrawn"));
    assertThat(otherPage).hasContent("# Results\n");

    Path cell = output.resolve("cells/bln-b5-w2-s1/cell.json");
    FileTime finished = Files.getLastModifiedTime(cell);
    Files.delete(output.resolve("results.csv"));
    assertThat(BlnCli.run(sweep)).isZero();
    assertThat(Files.getLastModifiedTime(cell)).isEqualTo(finished);
    assertThat(Files.readAllLines(output.resolve("results.csv"))).isEqualTo(csv);

    // A rerun with settings that change the result must not take the old cells for its own.
    for (String[] other : new String[][] {{"--epochs", "3"}, {"--lr", "0.01"}, {"--model", "mlp"}}) {
      StringWriter err = new StringWriter();
      String[] rerun = withOption(sweep, other[0], other[1]);
      assertThat(BlnCli.run(new PrintWriter(err, true), rerun)).as("stderr: %s", err).isEqualTo(2);
      // --epochs N is the budget epochs:N.
      assertThat(err.toString().lines().toList()).singleElement().asString()
          .contains("holds a cell of another sweep")
          .contains((other[0].equals("--epochs") ? "--budget" : other[0]) + " differs");
    }
    assertThat(Files.getLastModifiedTime(cell)).isEqualTo(finished);
  }

  @Test
  void aLearningRateGridTrainsEveryRateAndTheReportReadsEachArmAtItsRateChosenOnValidation() throws Exception {
    String data = tinyFashionMnist();
    Path output = dir.resolve("sweep");
    String[] sweep = {"sweep", "--master", "local[2]", "--data", data, "--output", output.toString(),
        "--norms", "bn", "--batch-sizes", "5", "--workers-list", "2", "--seeds", "1", "--epochs", "1",
        "--lr-grid", "0.0005,0.008"};
    assertThat(BlnCli.run(sweep)).isZero();

    for (String rate : List.of("0.0005", "0.008")) {
      JsonNode cell = Json.MAPPER.readTree(output.resolve("cells/bn-b5-w2-s1-lr" + rate + "/cell.json").toFile());
      assertThat(cell.get("learningRate").asDouble()).isEqualTo(Double.parseDouble(rate));
      // The same network scored again with statistics from the pass: its own validation and test results.
      JsonNode recomputed = cell.get("recomputed").get("evaluation");
      assertThat(recomputed.get("validationAccuracy").size()).isEqualTo(1);
      String correct = cell.get("recomputed").get("testOutcomes").get("correct").asText();
      assertThat(correct.chars().filter(c -> c == '1').count() / (double) correct.length())
          .isEqualTo(recomputed.get("testAccuracy").asDouble());
    }
    // Two arms (BN and BN_RECOMPUTED) × two rates, one rate chosen per arm, the one of higher validation accuracy.
    List<String> rates = Files.readAllLines(output.resolve("learning-rates.csv"));
    assertThat(rates).hasSize(1 + 4);
    for (String arm : List.of("BN,", "BN_RECOMPUTED,")) {
      List<String[]> rows = rates.stream().filter(r -> r.startsWith(arm)).map(r -> r.split(",")).toList();
      assertThat(rows).hasSize(2).filteredOn(r -> r[5].equals("true")).hasSize(1);
      String[] chosen = rows.stream().filter(r -> r[5].equals("true")).findFirst().orElseThrow();
      String[] other = rows.stream().filter(r -> r[5].equals("false")).findFirst().orElseThrow();
      assertThat(Double.parseDouble(chosen[4])).isGreaterThanOrEqualTo(Double.parseDouble(other[4]));
    }
    assertThat(Files.readAllLines(output.resolve("summary.csv"))).hasSize(1 + 2);

    // The grid is for the built-in models' Adam, and replaces --lr rather than joining it.
    assertThat(CliFailures.oneLine(withOption(sweep, "--lr", "0.01"))).contains("--lr and --lr-grid exclude each other");
  }
}
