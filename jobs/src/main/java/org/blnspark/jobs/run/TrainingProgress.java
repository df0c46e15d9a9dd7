package org.blnspark.jobs.run;

import me.tongfei.progressbar.ProgressBar;
import org.blnspark.spark.Epochs;
import org.blnspark.spark.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a training run: on a terminal, a bar of the epochs with an ETA ({@link
 * ConsoleProgress}); otherwise log lines through log4j2, which show on the console and in Spark's
 * driver log, at most every {@value #LOG_INTERVAL_SECONDS} seconds. The trainer says when each
 * averaging round is done, which measures how far the current epoch is.
 */
final class TrainingProgress implements AutoCloseable {
  /** Steps of the bar per epoch: the rounds' share of it, in thousandths. */
  private static final int STEPS_PER_EPOCH = 1000;
  private static final Logger LOG = LoggerFactory.getLogger("bln.progress");
  static final int LOG_INTERVAL_SECONDS = 5;

  private final Epochs epochs;
  private final long start = System.nanoTime();
  private long lastLog;
  private int epochsDone;

  private final ProgressBar bar;

  TrainingProgress(Epochs epochs) {
    this.epochs = epochs;
    this.bar = ConsoleProgress.bar("train", (long) epochs.count() * STEPS_PER_EPOCH);
  }

  synchronized void roundDone(TrainingListener.RoundDone round) {
    if (bar != null) {
      bar.stepTo((long) ((epochsDone + (double) round.round() / round.rounds()) * STEPS_PER_EPOCH));
      bar.setExtraMessage(String.format(" epoch %d/%d, round %d/%d", round.epoch(), epochs.last(), round.round(),
          round.rounds()));
      return;
    }
    long now = System.nanoTime();
    if (now - lastLog < LOG_INTERVAL_SECONDS * 1_000_000_000L) {
      return;
    }
    lastLog = now;
    double fraction = (double) round.round() / round.rounds();
    LOG.info("epoch {}/{}  {}% (round {}/{})  elapsed {}  ETA {}", round.epoch(), epochs.last(),
        Math.round(100 * fraction), round.round(), round.rounds(), duration(elapsed()),
        duration(eta(epochsDone + fraction)));
  }

  synchronized void epochDone(EpochMetrics metrics) {
    epochsDone++;
    if (bar != null) {
      bar.stepTo((long) epochsDone * STEPS_PER_EPOCH);
      bar.setExtraMessage(String.format(" epoch %d/%d: validation accuracy %.4f, loss %.4f", metrics.epoch(),
          epochs.last(), metrics.validationAccuracy(), metrics.validationLoss()));
      return;
    }
    LOG.info("epoch {}/{} done: train loss {}  validation loss {}  validation accuracy {}  ({} s)  ETA {}",
        metrics.epoch(), epochs.last(), format(metrics.trainLoss()), format(metrics.validationLoss()),
        format(metrics.validationAccuracy()), String.format("%.1f", metrics.seconds()), duration(eta(epochsDone)));
  }

  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
    }
  }

  private double elapsed() {
    return (System.nanoTime() - start) / 1e9;
  }

  private double eta(double doneEpochs) {
    return doneEpochs <= 0 ? Double.NaN : elapsed() / doneEpochs * (epochs.count() - doneEpochs);
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
}
