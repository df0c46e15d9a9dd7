package org.blnspark.jobs;

import java.util.List;
import org.deeplearning4j.spark.api.stats.SparkTrainingStats;
import org.deeplearning4j.spark.stats.EventStats;

/**
 * Where a parameter-averaging epoch's wall time went, from DL4J's own training statistics, as
 * shares of the epoch's training time: the driver's own work between rounds (splitting the data,
 * creating the broadcast, updating the averaged parameters), the workers' fitting (their summed
 * time divided by the number of workers, as they run side by side), the workers' setup (fetching
 * the broadcast model, building their copy), and the rest, which is Spark's scheduling, task and
 * result (de)serialization and waiting for the slowest worker. DL4J's "aggregate" time is not the
 * driver's own: it is the Spark job that runs the round, since the workers' lazy map runs inside it.
 */
record OverheadBreakdown(double driver, double workerFit, double workerSetup, double rest) {
  /** DL4J's event keys, by the part of the round they belong to. */
  private static final List<String> DRIVER = List.of("ParameterAveragingMasterSplitTimesMs",
      "ParameterAveragingMasterBroadcastCreateTimesMs", "ParameterAveragingMasterProcessParamsUpdaterTimesMs", "ParameterAveragingMasterRepartitionTimesMs",
      "ParameterAveragingMasterCountRddSizeTimesMs", "parameterAveragingMasterExportTimesMs");
  private static final List<String> WORKER_FIT = List.of("ParameterAveragingWorkerFitTimesMs");
  private static final List<String> WORKER_SETUP = List.of("ParameterAveragingWorkerBroadcastGetValueTimeMs",
      "ParameterAveragingWorkerInitTimeMs");

  static OverheadBreakdown of(SparkTrainingStats stats, int workers, double trainSeconds) {
    double epochMs = trainSeconds * 1000;
    double driver = totalMs(stats, DRIVER) / epochMs;
    double fit = totalMs(stats, WORKER_FIT) / workers / epochMs;
    double setup = totalMs(stats, WORKER_SETUP) / workers / epochMs;
    return new OverheadBreakdown(driver, fit, setup, 1 - driver - fit - setup);
  }

  /** Summed durations; each key is read from the first level of the nested statistics that has it. */
  private static double totalMs(SparkTrainingStats stats, List<String> keys) {
    double total = 0;
    for (String key : keys) {
      for (SparkTrainingStats level = stats; level != null; level = level.getNestedTrainingStats()) {
        if (level.getKeySet().contains(key)) {
          List<EventStats> events = level.getValue(key);
          total += events == null ? 0 : events.stream().mapToLong(EventStats::getDurationMs).sum();
          break;
        }
      }
    }
    return total;
  }
}
