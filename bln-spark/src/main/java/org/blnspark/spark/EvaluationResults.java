package org.blnspark.spark;

import java.io.Serializable;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.blnspark.model.StatisticSources;

/** The scores of a network under several inference configurations, evaluated over the same data. */
public final class EvaluationResults implements Serializable {
  private static final long serialVersionUID = 1L;

  private final LinkedHashMap<StatisticSources, ConfigurationScore> scores = new LinkedHashMap<>();

  EvaluationResults(List<StatisticSources> configurations) {
    for (StatisticSources configuration : configurations) {
      scores.put(configuration, new ConfigurationScore());
    }
  }

  ConfigurationScore scoreOf(StatisticSources configuration) {
    return scores.get(configuration);
  }

  public Map<StatisticSources, ConfigurationScore> scores() {
    return Collections.unmodifiableMap(scores);
  }

  public ConfigurationScore get(StatisticSources configuration) {
    ConfigurationScore score = scores.get(configuration);
    if (score == null) {
      throw new IllegalArgumentException("configuration " + configuration + " was not evaluated");
    }
    return score;
  }

  /** Adds the scores of other data under the same configurations; returns this. */
  public EvaluationResults merge(EvaluationResults other) {
    other.scores.forEach((configuration, score) -> scores.get(configuration).merge(score));
    return this;
  }

  /**
   * The most accurate configuration; ties go to the lower loss (a NaN loss is the highest), then to
   * the earlier configuration. One whose outputs were not all finite ranks last.
   */
  public StatisticSources best() {
    return scores.entrySet().stream()
        .max(Comparator.<Map.Entry<StatisticSources, ConfigurationScore>, Boolean>comparing(e -> e.getValue().isFinite())
            .thenComparingDouble(e -> e.getValue().isFinite() ? e.getValue().accuracy() : Double.NEGATIVE_INFINITY)
            .thenComparingDouble(e -> Double.isNaN(e.getValue().loss()) ? Double.NEGATIVE_INFINITY : -e.getValue().loss()))
        .orElseThrow(() -> new IllegalStateException("no configuration was evaluated"))
        .getKey();
  }
}
