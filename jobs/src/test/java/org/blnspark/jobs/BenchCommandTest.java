package org.blnspark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
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
  }
}
