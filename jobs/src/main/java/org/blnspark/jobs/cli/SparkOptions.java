package org.blnspark.jobs.cli;

import java.time.Duration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The Spark settings every command shares. */
public final class SparkOptions {
  /** Longer than a master under load needs to answer, shorter than Spark's own minute of retries. */
  private static final Duration REGISTRATION_TIMEOUT = Duration.ofSeconds(45);

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
    SparkConf conf = configure(new SparkConf().setAppName(appName));
    String url = conf.get("spark.master");
    return MasterRegistration.start(() -> SparkSession.builder().config(conf).getOrCreate(),
        url.startsWith("spark://"), url, REGISTRATION_TIMEOUT);
  }

  /**
   * The settings the driver adds to what spark-submit gave it. Under a user's own spark-submit the
   * driver's web UI may be on; its links that kill jobs and stages are not, unless the user turns
   * them on: anyone who reaches the UI could stop a training run.
   *
   * <p>In local mode the driver's RPC and block-transfer ports take only authenticated connections:
   * loopback is open to every user of the machine. Spark makes a random secret for a local master
   * by itself and keeps it in the driver's memory, so nobody has one to give.
   */
  SparkConf configure(SparkConf conf) {
    if (master != null) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    String url = conf.get("spark.master");
    if (url.startsWith("local")) {
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
      conf.setIfMissing("spark.ui.enabled", "false");
    }
    // Only local and local[...] masters: under local-cluster[...] Spark generates no secret and
    // would refuse to start without one.
    if (url.equals("local") || url.startsWith("local[")) {
      conf.setIfMissing("spark.authenticate", "true");
    }
    conf.setIfMissing("spark.ui.killEnabled", "false");
    useS3aCommitters(conf);
    return conf;
  }

  /**
   * Parquet written to {@code s3a://} goes through S3A's magic committer, bound to Spark SQL by
   * spark-hadoop-cloud: each task uploads its files as multipart uploads that only the job commit
   * completes, so no file of an unfinished or failed job is ever visible at the destination, and
   * nothing is renamed (S3A renames by copying). Magic needs a store whose listings are consistent,
   * as S3 has been since December 2020; the staging committers need a cluster file system (HDFS)
   * for their own commit. The factory is per scheme: HDFS and local paths keep Hadoop's
   * FileOutputCommitter, behind the same protocol.
   */
  private static void useS3aCommitters(SparkConf conf) {
    conf.setIfMissing("spark.hadoop.mapreduce.outputcommitter.factory.scheme.s3a",
        "org.apache.hadoop.fs.s3a.commit.S3ACommitterFactory");
    conf.setIfMissing("spark.hadoop.fs.s3a.committer.name", "magic");
    conf.setIfMissing("spark.hadoop.fs.s3a.committer.magic.enabled", "true");
    conf.setIfMissing("spark.sql.sources.commitProtocolClass",
        "org.apache.spark.internal.io.cloud.PathOutputCommitProtocol");
    conf.setIfMissing("spark.sql.parquet.output.committer.class",
        "org.apache.spark.internal.io.cloud.BindingParquetOutputCommitter");
  }
}
