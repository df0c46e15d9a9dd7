package org.blnspark.spark;

import org.deeplearning4j.nn.api.Model;

/** Hears, on the driver, how a {@link BlnSparkTrainer} fit goes. */
public interface TrainingListener {
  /** Does nothing. */
  TrainingListener NONE = new TrainingListener() { };

  /** One parameter-averaging round of an epoch has been trained and averaged. */
  default void roundDone(RoundDone round) { }

  /** An epoch is done, its population statistics current when the trainer collected them this epoch. */
  default void epochDone(EpochReport report, Model network) { }

  /** Asked after each {@link #epochDone}: true ends the fit there, as early stopping does. */
  default boolean stopAfterEpoch() {
    return false;
  }

  /**
   * @param epoch the epoch's number in the run
   * @param round 1-based number of the round that is done
   * @param rounds the rounds of this epoch
   */
  record RoundDone(int epoch, int round, int rounds) { }
}
