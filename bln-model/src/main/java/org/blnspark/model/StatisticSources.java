package org.blnspark.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Where each of BLN's four statistics comes from at inference: the population (collected after
 * training) or the current mini-batch. Sixteen combinations exist; {@link #all()} lists them. Two
 * are equal when their {@link #code()}s are; {@link #toString()} is the code.
 */
public record StatisticSources(
    @JsonProperty("batchMeanFromPopulation") boolean batchMeanFromPopulation,
    @JsonProperty("batchVarFromPopulation") boolean batchVarFromPopulation,
    @JsonProperty("featureMeanFromPopulation") boolean featureMeanFromPopulation,
    @JsonProperty("featureVarFromPopulation") boolean featureVarFromPopulation) implements Serializable {
  /** The reference implementation's default: population for the batch pair, mini-batch for the feature pair. */
  public static final StatisticSources REFERENCE_DEFAULT = new StatisticSources(true, true, false, false);

  /** Every statistic from the current mini-batch, exactly as in training. */
  public static final StatisticSources ALL_MINI_BATCH = new StatisticSources(false, false, false, false);

  /** DL4J's shaded Jackson predates records: it is told which constructor makes one. */
  @JsonCreator
  public StatisticSources {}

  /** All sixteen configurations, in the order of their {@link #code()}. */
  public static List<StatisticSources> all() {
    List<StatisticSources> all = new ArrayList<>(16);
    for (int code = 0; code < 16; code++) {
      all.add(ofIndex(code));
    }
    return all;
  }

  /**
   * Parses the four-letter code printed by {@link #code()}: one letter per statistic in the order
   * batch mean, batch variance, feature mean, feature variance; {@code P} for population, {@code B}
   * for mini-batch. For example {@code PPBB} is the reference default.
   */
  public static StatisticSources parse(String code) {
    if (code == null || !code.matches("[PBpb]{4}")) {
      throw new IllegalArgumentException(
          "inference configuration must be four letters of P (population) or B (mini-batch), for example PPBB; got "
              + code);
    }
    String c = code.toUpperCase();
    return new StatisticSources(c.charAt(0) == 'P', c.charAt(1) == 'P', c.charAt(2) == 'P', c.charAt(3) == 'P');
  }

  /** The configuration of {@link #index()} {@code index}. */
  public static StatisticSources ofIndex(int index) {
    if (index < 0 || index > 15) {
      throw new IllegalArgumentException("an inference configuration's index is in [0, 16), got " + index);
    }
    return new StatisticSources((index & 8) != 0, (index & 4) != 0, (index & 2) != 0, (index & 1) != 0);
  }

  /** A number in [0, 16) for this configuration, its place in {@link #all()}: one bit per statistic, 1 for population. */
  public int index() {
    return (batchMeanFromPopulation ? 8 : 0) + (batchVarFromPopulation ? 4 : 0) + (featureMeanFromPopulation ? 2 : 0)
        + (featureVarFromPopulation ? 1 : 0);
  }

  /** The four-letter code, for example {@code PPBB}; see {@link #parse(String)}. */
  public String code() {
    return letter(batchMeanFromPopulation)
        + letter(batchVarFromPopulation)
        + letter(featureMeanFromPopulation)
        + letter(featureVarFromPopulation);
  }

  private static String letter(boolean fromPopulation) {
    return fromPopulation ? "P" : "B";
  }

  /** True when any statistic is read from the population, which must then have been collected. */
  public boolean usesPopulation() {
    return batchMeanFromPopulation || batchVarFromPopulation || featureMeanFromPopulation || featureVarFromPopulation;
  }

  /**
   * True when an example's output does not depend on the other examples of its mini-batch: the
   * batch mean and variance come from the population. The feature statistics are each example's
   * own (over its features), and inference mixes by the recorded training batch size, so they
   * never make one example depend on another.
   */
  public boolean batchIndependent() {
    return batchMeanFromPopulation && batchVarFromPopulation;
  }

  /** The configurations whose outputs do not depend on the batching ({@link #batchIndependent()}), in index order. */
  public static List<StatisticSources> batchIndependentOnes() {
    return all().stream().filter(StatisticSources::batchIndependent).toList();
  }

  /** True when any statistic is read from the current mini-batch, whose moments must then be computed. */
  public boolean usesMiniBatch() {
    return !(batchMeanFromPopulation && batchVarFromPopulation && featureMeanFromPopulation
        && featureVarFromPopulation);
  }

  @Override
  public String toString() {
    return code();
  }
}
