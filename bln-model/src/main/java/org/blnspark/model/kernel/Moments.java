package org.blnspark.model.kernel;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Count, mean and sum of squared deviations (M2) of several groups of values, each group with its
 * own count (under a mask, padded steps leave some groups with fewer values). Two such summaries
 * merge exactly with Chan et al.'s parallel formulas, so moments gathered per batch and per
 * partition give the same result as one pass over all the data.
 */
public final class Moments implements Serializable {
  private static final long serialVersionUID = 2L;

  private final long[] count;
  private final double[] mean;
  private final double[] m2;

  Moments(long[] count, double[] mean, double[] m2) {
    this.count = count;
    this.mean = mean;
    this.m2 = m2;
  }

  /** Moments computed elsewhere: each group's count, mean and sum of squared deviations. */
  public static Moments of(long[] count, double[] mean, double[] m2) {
    if (count.length != mean.length || mean.length != m2.length) {
      throw new IllegalArgumentException("counts, means and M2 of " + count.length + ", " + mean.length + " and "
          + m2.length + " groups");
    }
    return new Moments(count.clone(), mean.clone(), m2.clone());
  }

  public static Moments empty(int groups) {
    return new Moments(new long[groups], new double[groups], new double[groups]);
  }

  /**
   * One value per group where {@code present} says so, the other groups empty: a single
   * observation of each group, such as one batch's mean, to merge into a running summary.
   */
  public static Moments ofSingleValues(double[] values, boolean[] present) {
    long[] count = new long[values.length];
    double[] mean = new double[values.length];
    for (int g = 0; g < values.length; g++) {
      if (present[g]) {
        count[g] = 1;
        mean[g] = values[g];
      }
    }
    return new Moments(count, mean, new double[values.length]);
  }

  public int groups() {
    return mean.length;
  }

  /** Values in group {@code g}. */
  public long count(int g) {
    return count[g];
  }

  /** The fewest values any group holds. */
  public long minCount() {
    return Arrays.stream(count).min().orElse(0);
  }

  /** The most values any group holds. */
  public long maxCount() {
    return Arrays.stream(count).max().orElse(0);
  }

  public double[] mean() {
    return mean.clone();
  }

  public double meanOf(int group) {
    return mean[group];
  }

  /** The biased variance, M2 / n: the variance of exactly these values; 0 for an empty group. */
  public double[] biasedVariance() {
    double[] out = new double[groups()];
    for (int g = 0; g < out.length; g++) {
      out[g] = biasedVarianceOf(g);
    }
    return out;
  }

  public double biasedVarianceOf(int group) {
    return count[group] == 0 ? 0 : m2[group] / count[group];
  }

  /** The unbiased variance, M2 / (n − 1): the estimate of the population's variance; NaN below 2 values. */
  public double[] unbiasedVariance() {
    double[] out = new double[groups()];
    for (int g = 0; g < out.length; g++) {
      out[g] = unbiasedVarianceOf(g);
    }
    return out;
  }

  public double unbiasedVarianceOf(int group) {
    return count[group] < 2 ? Double.NaN : m2[group] / (count[group] - 1);
  }

  /** Chan's merge: the moments of the union of both groups' values. */
  public Moments merge(Moments other) {
    if (other.groups() != groups()) {
      throw new IllegalArgumentException("cannot merge moments of " + other.groups() + " groups into " + groups());
    }
    long[] mergedCount = new long[groups()];
    double[] mergedMean = new double[groups()];
    double[] mergedM2 = new double[groups()];
    for (int g = 0; g < groups(); g++) {
      long n = count[g] + other.count[g];
      mergedCount[g] = n;
      if (other.count[g] == 0 || count[g] == 0) {
        boolean mine = other.count[g] == 0;
        mergedMean[g] = mine ? mean[g] : other.mean[g];
        mergedM2[g] = mine ? m2[g] : other.m2[g];
        continue;
      }
      double delta = other.mean[g] - mean[g];
      mergedMean[g] = mean[g] + delta * other.count[g] / n;
      mergedM2[g] = m2[g] + other.m2[g] + delta * delta * ((double) count[g] * other.count[g] / n);
    }
    return new Moments(mergedCount, mergedMean, mergedM2);
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
    return "Moments{count=" + Arrays.toString(count) + ", mean=" + Arrays.toString(mean) + "}";
  }
}
