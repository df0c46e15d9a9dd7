package org.blnspark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the Spark-overhead benchmark's code path once on tiny data, so that it cannot rot; no timing is asserted. */
class BenchCommandTest {
  @TempDir
  Path dir;

  @Test
  void benchReportsEverySetup() {
    String data = dir.resolve("fashion").toString();
    assertThat(BlnCli.run("prepare", "--master", "local[2]", "--dataset", "fashion-mnist", "--output", data,
        "--limit", "40")).isZero();
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true));
    try {
      assertThat(BlnCli.run("bench", "--master", "local[2]", "--data", data, "--examples", "40", "--batch-size", "10",
          "--frequencies", "1,2")).isZero();
    } finally {
      System.setOut(original);
    }
    assertThat(out.toString()).contains("| single JVM fit |").contains("averaging every 1 |")
        .contains("averaging every 2 |");
    // The breakdown table: one row per Spark setup, whose shares come from DL4J's statistics. Had a
    // key been misspelt, the workers' fitting share would read 0.
    String breakdown = out.toString().substring(out.toString().indexOf("Where the Spark epochs"));
    List<String> rows = breakdown.lines().filter(l -> l.startsWith("| Spark")).toList();
    assertThat(rows).hasSize(2);
    for (String row : rows) {
      String[] cells = row.split("\\|");
      double driver = Double.parseDouble(cells[2].trim());
      double fitting = Double.parseDouble(cells[3].trim());
      assertThat(fitting).isGreaterThan(0).isLessThanOrEqualTo(1);
      assertThat(driver).isGreaterThanOrEqualTo(0).isLessThan(1);
      // The parts are disjoint: together they cannot exceed the epoch (up to millisecond rounding).
      assertThat(Double.parseDouble(cells[5].trim())).as("the rest").isGreaterThan(-0.05);
    }
  }
}
