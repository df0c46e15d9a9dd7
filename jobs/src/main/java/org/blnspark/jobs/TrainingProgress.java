package org.blnspark.jobs;

import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.blnspark.spark.BlnSparkTrainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a training run, logged through log4j2 so that it shows on the console and in
 * Spark's driver log. Finished Spark jobs in the trainer's job group measure how far the current
 * epoch is: the trainer runs one job per averaging round and {@value #JOBS_PER_EPOCH} more per epoch
 * (counting the data and its partitions), and after the first epoch the previous epoch's own job
 * count is used instead. Lines come at most every {@value #LOG_INTERVAL_SECONDS} seconds.
 */
final class TrainingProgress extends SparkListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("bln.progress");
  static final int JOBS_PER_EPOCH = 2;
  static final int LOG_INTERVAL_SECONDS = 5;

  private final SparkContext context;
  private final int lastEpoch;
  private final int epochsThisRun;
  private final long roundsPerEpoch;
  private final long start = System.nanoTime();
  private long expectedJobs;
  private long lastLog;
  private int epoch;
  private int epochsDone;
  private long jobsThisEpoch;
  private final java.util.Set<Integer> trainingJobs = new java.util.HashSet<>();

  /**
   * @param roundsPerEpoch the averaging rounds per epoch, for the ETA: examples divided by
   *     workers × batch size × averaging frequency, rounded up
   */
  TrainingProgress(SparkContext context, int firstEpoch, int lastEpoch, long roundsPerEpoch) {
    this.context = context;
    this.epoch = firstEpoch;
    this.lastEpoch = lastEpoch;
    this.epochsThisRun = lastEpoch - firstEpoch + 1;
    this.roundsPerEpoch = Math.max(1, roundsPerEpoch);
    this.expectedJobs = this.roundsPerEpoch + JOBS_PER_EPOCH;
    context.addSparkListener(this);
  }

  @Override
  public synchronized void onJobStart(SparkListenerJobStart jobStart) {
    if (jobStart.properties() != null
        && BlnSparkTrainer.TRAINING_JOB_GROUP.equals(jobStart.properties().getProperty("spark.jobGroup.id"))) {
      trainingJobs.add(jobStart.jobId());
    }
  }

  @Override
  public synchronized void onJobEnd(SparkListenerJobEnd jobEnd) {
    if (!trainingJobs.remove(jobEnd.jobId())) {
      return;
    }
    jobsThisEpoch++;
    long now = System.nanoTime();
    if (now - lastLog < LOG_INTERVAL_SECONDS * 1_000_000_000L) {
      return;
    }
    lastLog = now;
    double fraction = Math.min(0.99, (double) jobsThisEpoch / expectedJobs);
    LOG.info("epoch {}/{}  {}% ({} averaging rounds)  elapsed {}  ETA {}", epoch, lastEpoch,
        Math.round(100 * fraction), roundsPerEpoch, duration(elapsed()), duration(eta(epochsDone + fraction)));
  }

  synchronized void epochDone(EpochMetrics metrics) {
    epochsDone++;
    expectedJobs = Math.max(1, jobsThisEpoch);
    jobsThisEpoch = 0;
    LOG.info("epoch {}/{} done: train loss {}  validation loss {}  validation accuracy {}  ({} s)  ETA {}",
        metrics.epoch(), lastEpoch, format(metrics.trainLoss()), format(metrics.validationLoss()),
        format(metrics.validationAccuracy()), format(metrics.seconds()), duration(eta(epochsDone)));
    epoch++;
  }

  private double elapsed() {
    return (System.nanoTime() - start) / 1e9;
  }

  private double eta(double doneEpochs) {
    return doneEpochs <= 0 ? Double.NaN : elapsed() / doneEpochs * (epochsThisRun - doneEpochs);
  }

  private static String duration(double seconds) {
    if (Double.isNaN(seconds)) {
      return "?";
    }
    long s = Math.round(seconds);
    return String.format("%d:%02d", s / 60, s % 60);
  }

  private static String format(double value) {
    return String.format("%.4f", value);
  }

  @Override
  public void close() {
    context.removeSparkListener(this);
  }
}
