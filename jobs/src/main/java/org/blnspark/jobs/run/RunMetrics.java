package org.blnspark.jobs.run;

import java.util.List;

/**
 * What metrics.json holds: the epochs' metrics, how the learning rate and the stopping were
 * decided, and the run's identity, so that the file names the code and the data it came from.
 *
 * @param lrSchedule the built-in models' schedule, or "the configuration file's own"
 * @param run the settings, the content of the data and the code version of the run
 */
public record RunMetrics(String lrSchedule, EarlyStopping earlyStopping, List<EpochMetrics> epochs, RunIdentity run) {
  /**
   * @param patience epochs without a lower validation loss before stopping; 0 for never
   * @param bestEpoch the epoch of the lowest validation loss, whose model was published when
   *     {@code patience} is positive
   * @param stoppedEarly true when the run ended before its last epoch
   */
  public record EarlyStopping(int patience, int bestEpoch, boolean stoppedEarly) {}
}
