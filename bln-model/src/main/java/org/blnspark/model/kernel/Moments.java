package org.blnspark.model.kernel;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Count, mean and sum of squared deviations (M2) of several groups that all hold the same number
 * of values. Two such summaries merge exactly with Chan et al.'s parallel formulas, so moments
 * gathered per batch and per partition give the same result as one pass over all the data.
 */
public final class Moments implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long count;
  private final double[] mean;
  private final double[] m2;

  Moments(long count, double[] mean, double[] m2) {
    this.count = count;
    this.mean = mean;
    this.m2 = m2;
  }

  public static Moments empty(int groups) {
    return new Moments(0, new double[groups], new double[groups]);
  }

  /** Values per group. */
  public long count() {
    return count;
  }

  public int groups() {
    return mean.length;
  }

  public double[] mean() {
    return mean.clone();
  }

  /** The biased variance, M2 / n: the variance of exactly these values. */
  public double[] biasedVariance() {
    return divide(m2, count);
  }

  /** The unbiased variance, M2 / (n − 1): the estimate of the population's variance. */
  public double[] unbiasedVariance() {
    if (count < 2) {
      throw new IllegalStateException("an unbiased variance needs at least 2 values per group, got " + count);
    }
    return divide(m2, count - 1);
  }

  public double meanOf(int group) {
    return mean[group];
  }

  public double biasedVarianceOf(int group) {
    return m2[group] / count;
  }

  /** Chan's merge: the moments of the union of both groups' values. */
  public Moments merge(Moments other) {
    if (other.groups() != groups()) {
      throw new IllegalArgumentException("cannot merge moments of " + other.groups() + " groups into " + groups());
    }
    if (other.count == 0) {
      return this;
    }
    if (count == 0) {
      return other;
    }
    long n = count + other.count;
    double[] mergedMean = new double[groups()];
    double[] mergedM2 = new double[groups()];
    for (int g = 0; g < groups(); g++) {
      double delta = other.mean[g] - mean[g];
      mergedMean[g] = mean[g] + delta * other.count / n;
      mergedM2[g] = m2[g] + other.m2[g] + delta * delta * ((double) count * other.count / n);
    }
    return new Moments(n, mergedMean, mergedM2);
  }

  public static double[] divide(double[] values, long by) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] / by;
    }
    return out;
  }

  @Override
  public String toString() {
    return "Moments{count=" + count + ", mean=" + Arrays.toString(mean) + "}";
  }
}
