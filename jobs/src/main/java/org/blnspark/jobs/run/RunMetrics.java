package org.blnspark.jobs.run;

import java.util.List;

/**
 * What metrics.json holds: the epochs' metrics, and how the learning rate and the stopping were
 * decided.
 *
 * @param lrSchedule the built-in models' schedule, or "the configuration file's own"
 */
public record RunMetrics(String lrSchedule, EarlyStopping earlyStopping, List<EpochMetrics> epochs) {
  /**
   * @param patience epochs without a lower validation loss before stopping; 0 for never
   * @param bestEpoch the epoch of the lowest validation loss, whose model was published when
   *     {@code patience} is positive
   * @param stoppedEarly true when the run ended before its last epoch
   */
  public record EarlyStopping(int patience, int bestEpoch, boolean stoppedEarly) {}
}
