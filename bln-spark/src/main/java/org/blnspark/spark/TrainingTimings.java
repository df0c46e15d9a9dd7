package org.blnspark.spark;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.blnspark.model.BadInputException;
import org.deeplearning4j.spark.api.stats.SparkTrainingStats;
import org.deeplearning4j.spark.stats.EventStats;
import org.deeplearning4j.spark.stats.StatsUtils;
import org.deeplearning4j.spark.time.SystemClockTimeSource;
import org.deeplearning4j.spark.time.TimeSourceProvider;

/**
 * The timing statistics of one fit, as DL4J's parameter averaging records them, which stay inside
 * this class: callers get an {@link OverheadBreakdown} or an HTML timeline.
 *
 * <p>DL4J timestamps its events with an NTP clock unless the JVM property
 * {@value #TIME_SOURCE_PROPERTY} names another, and NTP needs the internet; the project's
 * launchers (conf/java17.args) select the system clock. On a cluster, pass the same property to
 * the executors in {@code spark.executor.extraJavaOptions}.
 */
public final class TrainingTimings {
  static final String TIME_SOURCE_PROPERTY = TimeSourceProvider.TIMESOURCE_CLASSNAME_PROPERTY;

  /** DL4J's event keys, by the part of the round they belong to. */
  private static final List<String> DRIVER = List.of("ParameterAveragingMasterSplitTimesMs",
      "ParameterAveragingMasterBroadcastCreateTimesMs", "ParameterAveragingMasterProcessParamsUpdaterTimesMs",
      "ParameterAveragingMasterRepartitionTimesMs", "ParameterAveragingMasterCountRddSizeTimesMs",
      "parameterAveragingMasterExportTimesMs");
  /** The driver's work that every round repeats: the state's broadcast, and the averaged state applied. */
  private static final List<String> DRIVER_EACH_ROUND = List.of("ParameterAveragingMasterBroadcastCreateTimesMs",
      "ParameterAveragingMasterProcessParamsUpdaterTimesMs");
  private static final List<String> WORKER_FIT = List.of("ParameterAveragingWorkerFitTimesMs");
  private static final List<String> WORKER_SETUP = List.of("ParameterAveragingWorkerBroadcastGetValueTimeMs",
      "ParameterAveragingWorkerInitTimeMs");

  private final SparkTrainingStats stats;

  TrainingTimings(SparkTrainingStats stats) {
    this.stats = stats;
  }

  /**
   * Fails, with the fix, when DL4J would reach for its NTP clock in this JVM: the driver checks
   * before any work, and each worker before its first timed step, since a cluster's executors get
   * their JVM options from the cluster's configuration, not from the driver's.
   */
  static void requireOfflineClock() {
    if (System.getProperty(TIME_SOURCE_PROPERTY) == null) {
      throw new BadInputException("collecting timings needs -D" + TIME_SOURCE_PROPERTY + "="
          + SystemClockTimeSource.class.getName() + " in every JVM: conf/java17.args has it for the driver, and "
          + "spark.executor.extraJavaOptions must have it for the executors (docker/local-cluster.sh and the image "
          + "set it); DL4J's default NTP clock needs the internet");
    }
  }

  /**
   * The shares of {@code trainSeconds}, the wall time of the fit's training, spent on each part.
   * DL4J's "aggregate" time is not the driver's own: it is the Spark job that runs the round,
   * since the workers' lazy map runs inside it, so it is left in the rest.
   */
  public OverheadBreakdown breakdown(int workers, double trainSeconds) {
    double epochMs = trainSeconds * 1000;
    double driver = totalMs(DRIVER) / epochMs;
    double fit = totalMs(WORKER_FIT) / workers / epochMs;
    double setup = totalMs(WORKER_SETUP) / workers / epochMs;
    return new OverheadBreakdown(driver, fit, setup, 1 - driver - fit - setup);
  }

  /**
   * The driver's own work per round, in milliseconds: broadcasting the round's starting state and
   * applying the workers' mean state to the network. The dealing and counting, once an epoch, are
   * not in it; nor is the combining of the workers' results, which Spark does inside the round's job.
   */
  public double driverMillisPerRound() {
    int rounds = events(DRIVER_EACH_ROUND.get(1)).size();
    return rounds == 0 ? 0 : totalMs(DRIVER_EACH_ROUND) / rounds;
  }

  /** Writes DL4J's training timeline as an HTML page to any Hadoop path. */
  public void exportHtml(String path, JavaSparkContext sc) throws Exception {
    StatsUtils.exportStatsAsHtml(stats, path, sc);
  }

  /** The example count of each mini-batch the workers fitted, in DL4J's order. */
  List<Long> workerBatchSizes() {
    return events(WORKER_FIT.get(0)).stream()
        .map(event -> ((org.deeplearning4j.spark.stats.ExampleCountEventStats) event).getTotalExampleCount())
        .toList();
  }

  /** Summed durations of the events under {@code keys}. */
  private double totalMs(List<String> keys) {
    return keys.stream().flatMap(key -> events(key).stream()).mapToLong(EventStats::getDurationMs).sum();
  }

  /** The events of one key, read from the first level of the nested statistics that has it. */
  private List<EventStats> events(String key) {
    for (SparkTrainingStats level = stats; level != null; level = level.getNestedTrainingStats()) {
      if (level.getKeySet().contains(key)) {
        List<EventStats> events = level.getValue(key);
        return events == null ? List.of() : events;
      }
    }
    return List.of();
  }
}
