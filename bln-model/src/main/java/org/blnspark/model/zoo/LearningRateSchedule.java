package org.blnspark.model.zoo;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/**
 * How the built-in models' learning rate changes from epoch to epoch, as one of DL4J's schedules
 * on the epoch counter, which the workers of parameter averaging receive with the network.
 *
 * @param kind constant, step (times {@code factor} every {@code every} epochs), exponential (times
 *     {@code factor} each epoch) or cosine (from the initial rate down to {@code floor} over
 *     {@code epochs} epochs)
 */
public record LearningRateSchedule(Kind kind, double factor, int every, double floor, int epochs)
    implements Serializable {
  public enum Kind { CONSTANT, STEP, EXPONENTIAL, COSINE }

  public static final LearningRateSchedule CONSTANT = new LearningRateSchedule(Kind.CONSTANT, 1, 1, 0, 1);

  public LearningRateSchedule {
    if (!(factor > 0) || every < 1 || !(floor >= 0) || epochs < 1) {
      throw new IllegalArgumentException("a schedule needs a positive factor, a period and epochs of at least 1 and "
          + "a floor of at least 0");
    }
  }

  /**
   * Parses {@code constant}, {@code step:FACTOR:EVERY}, {@code exponential:FACTOR} or
   * {@code cosine[:FLOOR]}; a cosine spans the run's {@code epochs}.
   */
  public static LearningRateSchedule parse(String spec, int epochs) {
    String[] parts = spec.trim().toLowerCase(Locale.ROOT).split(":");
    try {
      return switch (parts[0]) {
        case "constant" -> parts.length == 1 ? CONSTANT : fail(spec);
        case "step" -> parts.length == 3
            ? new LearningRateSchedule(Kind.STEP, Double.parseDouble(parts[1]), Integer.parseInt(parts[2]), 0, 1)
            : fail(spec);
        case "exponential" -> parts.length == 2
            ? new LearningRateSchedule(Kind.EXPONENTIAL, Double.parseDouble(parts[1]), 1, 0, 1) : fail(spec);
        case "cosine" -> parts.length <= 2
            ? new LearningRateSchedule(Kind.COSINE, 1, 1, parts.length == 2 ? Double.parseDouble(parts[1]) : 0, epochs)
            : fail(spec);
        default -> fail(spec);
      };
    } catch (NumberFormatException e) {
      return fail(spec);
    }
  }

  /** This schedule over a run of {@code runEpochs}: only a cosine depends on the run's length. */
  public LearningRateSchedule spanning(int runEpochs) {
    return kind == Kind.COSINE ? new LearningRateSchedule(kind, factor, every, floor, runEpochs) : this;
  }

  private static LearningRateSchedule fail(String spec) {
    throw new IllegalArgumentException("unknown learning-rate schedule '" + spec + "'; choose constant, "
        + "step:FACTOR:EVERY (e.g. step:0.5:2), exponential:FACTOR (e.g. exponential:0.9) or cosine[:FLOOR]");
  }

  /** DL4J's schedule starting at {@code initial}; null for a constant rate. */
  public ISchedule dl4j(double initial) {
    return switch (kind) {
      case CONSTANT -> null;
      case STEP -> new StepSchedule(ScheduleType.EPOCH, initial, factor, every);
      case EXPONENTIAL -> new ExponentialSchedule(ScheduleType.EPOCH, initial, factor);
      case COSINE -> {
        Map<Integer, Double> values = new LinkedHashMap<>();
        for (int epoch = 0; epoch < epochs; epoch++) {
          values.put(epoch, floor + (initial - floor) * (1 + Math.cos(Math.PI * epoch / epochs)) / 2);
        }
        yield new MapSchedule(ScheduleType.EPOCH, values);
      }
    };
  }

  /** The spec this schedule parses from. */
  public String describe() {
    return switch (kind) {
      case CONSTANT -> "constant";
      case STEP -> "step:" + factor + ":" + every;
      case EXPONENTIAL -> "exponential:" + factor;
      case COSINE -> "cosine:" + floor + " over " + epochs + " epochs";
    };
  }
}
