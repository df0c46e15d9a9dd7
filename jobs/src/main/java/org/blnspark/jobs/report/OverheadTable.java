package org.blnspark.jobs.report;

import java.util.List;
import org.blnspark.jobs.run.OverheadBenchmark;
import org.blnspark.spark.OverheadBreakdown;

/** The overhead benchmark's rows as the Markdown tables of docs/benchmarks.md. */
public final class OverheadTable {
  private OverheadTable() {}

  public static String markdown(OverheadBenchmark.Result result, OverheadBenchmark.Settings settings) {
    List<OverheadBenchmark.Row> rows = result.rows();
    StringBuilder table = new StringBuilder(String.format("LeNet + BLN, one epoch of %d examples, batch size %d, "
        + "OMP_NUM_THREADS=%s%n%n", result.examples(), settings.batchSize(),
        System.getenv().getOrDefault("OMP_NUM_THREADS", "unset")));
    table.append("| setup | samples/s | × single JVM | statistics pass ÷ epoch | MB from workers per round |\n");
    table.append("|---|---|---|---|---|\n");
    for (OverheadBenchmark.Row row : rows) {
      table.append(String.format("| %s | %.1f | %.2f | %s | %s |%n", row.setup(), row.samplesPerSecond(),
          row.ratioToSingleJvm(), Double.isNaN(row.statisticsToEpoch()) ? "" : String.format("%.2f",
              row.statisticsToEpoch()), row.megabytesFromWorkersPerRound() == 0 ? "" : String.format("%.2f",
              row.megabytesFromWorkersPerRound())));
    }
    table.append("\nWhere the Spark epochs' training time went (shares of it, from DL4J's training statistics):\n\n");
    table.append("| setup | driver between rounds | workers fitting | workers' setup | scheduling, serialization, "
        + "waiting | rounds | ms per round | driver's own ms per round |\n|---|---|---|---|---|---|---|---|\n");
    for (OverheadBenchmark.Row row : rows) {
      if (row.breakdown() != null) {
        OverheadBreakdown b = row.breakdown();
        double roundMs = result.examples() / row.samplesPerSecond() / row.rounds() * 1000;
        table.append(String.format("| %s | %.2f | %.2f | %.2f | %.2f | %d | %.0f | %.1f |%n", row.setup(), b.driver(),
            b.workerFit(), b.workerSetup(), b.rest(), row.rounds(), roundMs, row.driverMillisPerRound()));
      }
    }
    return table.toString();
  }
}
