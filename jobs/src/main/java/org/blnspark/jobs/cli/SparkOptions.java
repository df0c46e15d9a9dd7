package org.blnspark.jobs.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The Spark settings every command shares. */
public final class SparkOptions {
  @Option(names = "--master", description = "Spark master, as for spark-submit (default: the one spark-submit "
      + "set, else local[*])")
  String master;

  /** Options naming {@code master}, as {@code --master} would. */
  public static SparkOptions master(String master) {
    SparkOptions options = new SparkOptions();
    options.master = master;
    return options;
  }

  /**
   * A session on the chosen master. Run outside spark-submit, the embedded driver binds to
   * loopback only.
   */
  public SparkSession session(String appName) {
    return SparkSession.builder().config(configure(new SparkConf().setAppName(appName))).getOrCreate();
  }

  /**
   * The settings the driver adds to what spark-submit gave it. Under a user's own spark-submit the
   * driver's web UI may be on; its links that kill jobs and stages are not, unless the user turns
   * them on: anyone who reaches the UI could stop a training run.
   */
  SparkConf configure(SparkConf conf) {
    if (master != null) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    if (conf.get("spark.master").startsWith("local")) {
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
      conf.setIfMissing("spark.ui.enabled", "false");
    }
    conf.setIfMissing("spark.ui.killEnabled", "false");
    return conf;
  }
}
