package org.blnspark.model.statistics;

import java.io.Serializable;
import org.blnspark.model.kernel.BlnKernel;
import org.blnspark.model.kernel.Moments;
import org.blnspark.model.kernel.NormalizationShape;

/**
 * The partial population statistics of one BLN layer: everything either estimator needs, kept as
 * sums, counts and Chan moments so that partials from batches and partitions merge exactly.
 * Padded steps never enter them; a group (a position or a feature) that has too few values for
 * an estimate gets the layer's initial stand-ins, mean 0 and variance 1 (docs/maths.md).
 */
public final class LayerStatistics implements Serializable {
  private static final long serialVersionUID = 3L;

  private Moments pooledBatch;
  /**
   * Per batch group, the moments of its batch means and unbiased batch variances over the batches
   * in which it held at least 2 values: their mean is the paper's estimate, their spread the
   * estimates' standard error.
   */
  private Moments batchMeans;
  private Moments unbiasedBatchVars;
  /** Per feature position, over every real (sample, position) seen, and their count. */
  private final double[] sumOfFeatureMeans;
  private final double[] sumOfFeatureVars;
  private final long[] featureSamples;
  private long samples;

  LayerStatistics(int batchGroups, int featurePositions) {
    pooledBatch = Moments.empty(batchGroups);
    batchMeans = Moments.empty(batchGroups);
    unbiasedBatchVars = Moments.empty(batchGroups);
    sumOfFeatureMeans = new double[featurePositions];
    sumOfFeatureVars = new double[featurePositions];
    featureSamples = new long[featurePositions];
  }

  /** A partial of the same layer with nothing observed yet. */
  LayerStatistics emptyCopy() {
    return new LayerStatistics(pooledBatch.groups(), sumOfFeatureMeans.length);
  }

  /** Adds the moments of one mini-batch of this layer's input. */
  void observe(BlnKernel.GroupMoments moments, NormalizationShape shape) {
    Moments batch = moments.batch();
    pooledBatch = pooledBatch.merge(batch);
    // A group of one value has no unbiased variance: a short last batch of one example, or a step
    // padded in all but one example. It is left out of this batch's average, not the others'.
    boolean[] averaged = new boolean[batch.groups()];
    for (int g = 0; g < averaged.length; g++) {
      averaged[g] = batch.count(g) > 1;
    }
    batchMeans = batchMeans.merge(Moments.ofSingleValues(batch.mean(), averaged));
    unbiasedBatchVars = unbiasedBatchVars.merge(Moments.ofSingleValues(batch.unbiasedVariance(), averaged));
    Moments feature = moments.feature();
    for (int g = 0; g < feature.groups(); g++) {
      if (feature.count(g) > 0) {
        int position = shape.featurePositionOf(g);
        sumOfFeatureMeans[position] += feature.meanOf(g);
        sumOfFeatureVars[position] += feature.biasedVarianceOf(g);
        featureSamples[position]++;
      }
    }
    samples += shape.m();
  }

  /** Merges another partial of the same layer into this one. */
  void merge(LayerStatistics other) {
    pooledBatch = pooledBatch.merge(other.pooledBatch);
    batchMeans = batchMeans.merge(other.batchMeans);
    unbiasedBatchVars = unbiasedBatchVars.merge(other.unbiasedBatchVars);
    add(sumOfFeatureMeans, other.sumOfFeatureMeans);
    add(sumOfFeatureVars, other.sumOfFeatureVars);
    add(featureSamples, other.featureSamples);
    samples += other.samples;
  }

  /** Examples seen. */
  public long samples() {
    return samples;
  }

  /** The exact moments of the layer input over every example seen, per batch statistic. */
  public Moments pooledBatchMoments() {
    return pooledBatch;
  }

  /** The four population statistics under the given estimator. */
  public PopulationValues estimate(PopulationEstimator estimator) {
    if (samples == 0) {
      throw new TooFewValuesException("no examples were observed, so no population statistics can be estimated");
    }
    double[] featureMean = average(sumOfFeatureMeans, featureSamples, 0);
    double[] featureVar = average(sumOfFeatureVars, featureSamples, 1);
    if (estimator == PopulationEstimator.EPOCH_AVERAGE) {
      if (batchMeans.maxCount() == 0) {
        throw new TooFewValuesException("EPOCH_AVERAGE is undefined here: no mini-batch held 2 values of any batch "
            + "statistic (at a batch size of 1 under reference axes none can), and an unbiased variance divides by "
            + "n-1 = 0; use POOLED");
      }
      return new PopulationValues(meanOrStandIn(batchMeans, 0), meanOrStandIn(unbiasedBatchVars, 1), featureMean,
          featureVar);
    }
    long most = pooledBatch.maxCount();
    if (most < 2) {
      throw new TooFewValuesException("POOLED needs at least 2 values per batch statistic, got " + most);
    }
    double[] mean = pooledBatch.mean();
    double[] var = pooledBatch.unbiasedVariance();
    for (int g = 0; g < var.length; g++) {
      if (pooledBatch.count(g) < 2) {
        mean[g] = 0;
        var[g] = 1;
      }
    }
    return new PopulationValues(mean, var, featureMean, featureVar);
  }

  /**
   * How precisely the pass estimated this layer's population batch statistics, by the batch-means
   * method: each batch statistic's spread over the pass's mini-batches, over the square root of
   * their number. The mini-batches are random draws of examples, so their means and variances
   * vary independently around the population's; that spread covers the correlation between the
   * values inside one example, which an error computed from the values themselves would not.
   * It is the standard error of the paper's estimate (the mean over batches) and, for equal
   * batches, of the pooled mean; the pooled variance adds the spread of the batch means to the
   * mean batch variance, whose error this gives.
   */
  public StatisticsPrecision precision(PopulationEstimator estimator) {
    PopulationValues values = estimate(estimator);
    double[] meanErrors = new double[batchMeans.groups()];
    double[] varianceErrors = new double[batchMeans.groups()];
    for (int g = 0; g < meanErrors.length; g++) {
      long n = batchMeans.count(g);
      double variance = values.batchVar()[g];
      // Fewer than 2 batches give no spread, and a constant input (variance 0) has no error to scale.
      boolean measurable = n > 1 && variance > 0;
      meanErrors[g] = measurable ? Math.sqrt(batchMeans.unbiasedVarianceOf(g) / n) / Math.sqrt(variance) : Double.NaN;
      varianceErrors[g] = measurable ? Math.sqrt(unbiasedBatchVars.unbiasedVarianceOf(g) / n) / variance
          : Double.NaN;
    }
    return StatisticsPrecision.of(samples, batchMeans.maxCount(), meanErrors, varianceErrors);
  }

  /** Each group's mean; {@code standIn} where the group is empty. */
  private static double[] meanOrStandIn(Moments moments, double standIn) {
    double[] out = moments.mean();
    for (int g = 0; g < out.length; g++) {
      if (moments.count(g) == 0) {
        out[g] = standIn;
      }
    }
    return out;
  }

  /** Each sum over its count; {@code standIn} where the count is 0. */
  private static double[] average(double[] sums, long[] counts, double standIn) {
    double[] out = new double[sums.length];
    for (int i = 0; i < sums.length; i++) {
      out[i] = counts[i] == 0 ? standIn : sums[i] / counts[i];
    }
    return out;
  }

  private static void add(double[] into, double[] values) {
    for (int i = 0; i < into.length; i++) {
      into[i] += values[i];
    }
  }

  private static void add(long[] into, long[] values) {
    for (int i = 0; i < into.length; i++) {
      into[i] += values[i];
    }
  }
}
