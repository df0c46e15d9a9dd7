package org.blnspark.spark;

import java.util.List;
import java.util.Optional;

/** What one {@link BlnSparkTrainer} fit did: a report per epoch, the plan it dealt by, and its timings if asked for. */
public final class TrainingResult {
  private final List<EpochReport> epochs;
  private final TrainingPlan plan;
  private final TrainingTimings timings;

  TrainingResult(List<EpochReport> epochs, TrainingPlan plan, TrainingTimings timings) {
    this.epochs = List.copyOf(epochs);
    this.plan = plan;
    this.timings = timings;
  }

  /** One report per epoch trained, in order. */
  public List<EpochReport> epochs() {
    return epochs;
  }

  public TrainingPlan plan() {
    return plan;
  }

  /** DL4J's timing statistics, when {@link TrainerSettings#collectTimings()} asked for them. */
  public Optional<TrainingTimings> timings() {
    return Optional.ofNullable(timings);
  }
}
