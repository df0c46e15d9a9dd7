package org.blnspark.spark;

import java.io.Serializable;
import org.nd4j.evaluation.classification.Evaluation;

/** DL4J's classification metrics and the mean loss of one inference configuration. */
public final class ConfigurationScore implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Evaluation evaluation;
  private double lossSum;
  private long examples;

  ConfigurationScore() {
    this.evaluation = new Evaluation();
  }

  void add(Evaluation batch, double meanLoss, long batchExamples) {
    evaluation.merge(batch);
    lossSum += meanLoss * batchExamples;
    examples += batchExamples;
  }

  void merge(ConfigurationScore other) {
    evaluation.merge(other.evaluation);
    lossSum += other.lossSum;
    examples += other.examples;
  }

  public Evaluation evaluation() {
    return evaluation;
  }

  public double accuracy() {
    return evaluation.accuracy();
  }

  /** DL4J's macro-averaged F1 over the classes; with two classes, DL4J gives the F1 of class 1. */
  public double f1() {
    return evaluation.f1(org.nd4j.evaluation.EvaluationAveraging.Macro);
  }

  /** Mean loss per example, without regularisation. */
  public double loss() {
    return examples == 0 ? Double.NaN : lossSum / examples;
  }

  public long examples() {
    return examples;
  }
}
