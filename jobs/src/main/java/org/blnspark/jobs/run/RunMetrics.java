package org.blnspark.jobs.run;

import java.util.List;

/**
 * What metrics.json holds: the epochs' metrics, how the learning rate and the stopping were
 * decided, and the run's identity, so that the file names the code and the data it came from.
 *
 * @param lrSchedule the built-in models' schedule, or "the configuration file's own"
 * @param publication the train output's publication that wrote them, as {@link RunManifest} lists it
 * @param run the settings, the content of the data and the code version of the run
 */
public record RunMetrics(String lrSchedule, EarlyStopping earlyStopping, List<EpochMetrics> epochs,
                         String publication, RunIdentity run) {
  /**
   * Early stopping after some epochs: in metrics.json how the run stopped, and in each checkpoint
   * what a resumed run goes on from, so that it stops and publishes as an uninterrupted run does.
   * The patience counter is the epochs since {@code bestEpoch}.
   *
   * @param patience epochs without a lower validation loss before stopping; 0 for never
   * @param bestEpoch the epoch of the lowest validation loss, whose model was published when
   *     {@code patience} is positive; 0 before the first epoch
   * @param bestValidationLoss that epoch's validation loss
   * @param stoppedEarly true when the patience ran out, which ends the run, resumed or not
   */
  public record EarlyStopping(int patience, int bestEpoch, double bestValidationLoss, boolean stoppedEarly) {
    /** Before the first epoch. */
    static EarlyStopping start(int patience) {
      return new EarlyStopping(patience, 0, Double.POSITIVE_INFINITY, false);
    }

    /** The state once {@code epoch} is validated with {@code validationLoss}. */
    EarlyStopping after(int epoch, double validationLoss) {
      if (validationLoss < bestValidationLoss) {
        return new EarlyStopping(patience, epoch, validationLoss, false);
      }
      return new EarlyStopping(patience, bestEpoch, bestValidationLoss, patience > 0 && epoch - bestEpoch >= patience);
    }
  }
}
