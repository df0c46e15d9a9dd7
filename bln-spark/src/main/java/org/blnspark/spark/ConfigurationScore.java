package org.blnspark.spark;

import java.io.Serializable;
import org.nd4j.evaluation.classification.Evaluation;

/** DL4J's classification metrics and the mean loss of one inference configuration. */
public final class ConfigurationScore implements Serializable {
  private static final long serialVersionUID = 2L;

  private final Evaluation evaluation;
  private double lossSum;
  private long examples;
  /** Batches whose outputs held NaN or infinite values, which DL4J's Evaluation cannot score. */
  private long nonFiniteBatches;

  ConfigurationScore() {
    this.evaluation = new Evaluation();
  }

  void add(Evaluation batch, double meanLoss, long batchExamples) {
    evaluation.merge(batch);
    lossSum += meanLoss * batchExamples;
    examples += batchExamples;
  }

  /** Counts a batch whose outputs were not all finite: it has no accuracy, and its loss is NaN. */
  void addNonFinite(long batchExamples) {
    nonFiniteBatches++;
    lossSum = Double.NaN;
    examples += batchExamples;
  }

  void merge(ConfigurationScore other) {
    evaluation.merge(other.evaluation);
    lossSum += other.lossSum;
    examples += other.examples;
    nonFiniteBatches += other.nonFiniteBatches;
  }

  /** True when every output was finite; otherwise accuracy, F1 and loss are NaN. */
  public boolean isFinite() {
    return nonFiniteBatches == 0;
  }

  public Evaluation evaluation() {
    return evaluation;
  }

  public double accuracy() {
    return isFinite() ? evaluation.accuracy() : Double.NaN;
  }

  /** DL4J's macro-averaged F1 over the classes; with two classes, DL4J gives the F1 of class 1. */
  public double f1() {
    return isFinite() ? evaluation.f1(org.nd4j.evaluation.EvaluationAveraging.Macro) : Double.NaN;
  }

  /** Mean loss per example, without regularisation. */
  public double loss() {
    return examples == 0 ? Double.NaN : lossSum / examples;
  }

  public long examples() {
    return examples;
  }
}
