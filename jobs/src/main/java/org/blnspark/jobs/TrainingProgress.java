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
 * Spark's driver log. Each parameter-averaging round is one Spark job in the trainer's job group,
 * so finished jobs of that group count the rounds of the current epoch.
 */
final class TrainingProgress extends SparkListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("bln.progress");

  private final SparkContext context;
  private final int lastEpoch;
  private final int epochsThisRun;
  private final long roundsPerEpoch;
  private final long start = System.nanoTime();
  private int epoch;
  private int epochsDone;
  private long roundsThisEpoch;
  private final java.util.Set<Integer> trainingJobs = new java.util.HashSet<>();

  /**
   * @param roundsPerEpoch the expected averaging rounds per epoch, for the ETA: examples divided
   *     by workers × batch size × averaging frequency
   */
  TrainingProgress(SparkContext context, int firstEpoch, int lastEpoch, long roundsPerEpoch) {
    this.context = context;
    this.epoch = firstEpoch;
    this.lastEpoch = lastEpoch;
    this.epochsThisRun = lastEpoch - firstEpoch + 1;
    this.roundsPerEpoch = Math.max(1, roundsPerEpoch);
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
    roundsThisEpoch = Math.min(roundsThisEpoch + 1, roundsPerEpoch);
    LOG.info("epoch {}/{}  round ~{}/{}  elapsed {}  ETA {}", epoch, lastEpoch, roundsThisEpoch, roundsPerEpoch,
        duration(elapsed()), duration(eta(epochsDone + (double) roundsThisEpoch / roundsPerEpoch)));
  }

  synchronized void epochDone(EpochMetrics metrics) {
    epochsDone++;
    roundsThisEpoch = 0;
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
