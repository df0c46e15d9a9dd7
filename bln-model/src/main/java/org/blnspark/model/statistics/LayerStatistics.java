package org.blnspark.model.statistics;

import org.blnspark.model.kernel.BlnKernel;
import org.blnspark.model.kernel.Moments;
import org.blnspark.model.kernel.NormalizationShape;

import java.io.Serializable;

/**
 * The partial population statistics of one BLN layer: everything either estimator needs, kept as
 * sums and Chan moments so that partials from batches and partitions merge exactly.
 */
public final class LayerStatistics implements Serializable {
  private static final long serialVersionUID = 1L;

  private Moments pooledBatch;
  private final double[] sumOfBatchMeans;
  private final double[] sumOfUnbiasedBatchVars;
  private long batches;
  private int smallestBatch = Integer.MAX_VALUE;
  private final double[] sumOfFeatureMeans;
  private final double[] sumOfFeatureVars;
  private long samples;

  LayerStatistics(int batchGroups, int featurePositions) {
    pooledBatch = Moments.empty(batchGroups);
    sumOfBatchMeans = new double[batchGroups];
    sumOfUnbiasedBatchVars = new double[batchGroups];
    sumOfFeatureMeans = new double[featurePositions];
    sumOfFeatureVars = new double[featurePositions];
  }

  /** A partial of the same layer with nothing observed yet. */
  LayerStatistics emptyCopy() {
    return new LayerStatistics(pooledBatch.groups(), sumOfFeatureMeans.length);
  }

  /** Adds one mini-batch of this layer's input, in the kernel's {@code [m, d, P]} order. */
  void observe(double[] x, NormalizationShape shape) {
    BlnKernel.GroupMoments moments = BlnKernel.moments(x, shape);
    Moments batch = moments.batch();
    pooledBatch = pooledBatch.merge(batch);
    batches++;
    smallestBatch = Math.min(smallestBatch, shape.m());
    if (batch.count() > 1) {
      add(sumOfBatchMeans, batch.mean());
      add(sumOfUnbiasedBatchVars, batch.unbiasedVariance());
    }
    Moments feature = moments.feature();
    for (int g = 0; g < feature.groups(); g++) {
      int position = shape.featurePositionOf(g);
      sumOfFeatureMeans[position] += feature.meanOf(g);
      sumOfFeatureVars[position] += feature.biasedVarianceOf(g);
    }
    samples += shape.m();
  }

  /** Merges another partial of the same layer into this one. */
  void merge(LayerStatistics other) {
    pooledBatch = pooledBatch.merge(other.pooledBatch);
    add(sumOfBatchMeans, other.sumOfBatchMeans);
    add(sumOfUnbiasedBatchVars, other.sumOfUnbiasedBatchVars);
    batches += other.batches;
    smallestBatch = Math.min(smallestBatch, other.smallestBatch);
    add(sumOfFeatureMeans, other.sumOfFeatureMeans);
    add(sumOfFeatureVars, other.sumOfFeatureVars);
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
      throw new IllegalStateException("no examples were observed, so no population statistics can be estimated");
    }
    double[] featureMean = Moments.divide(sumOfFeatureMeans, samples);
    double[] featureVar = Moments.divide(sumOfFeatureVars, samples);
    if (estimator == PopulationEstimator.EPOCH_AVERAGE) {
      estimator.problemAtBatchSize(smallestBatch).ifPresent(problem -> {
        throw new IllegalStateException(problem);
      });
      return new PopulationValues(Moments.divide(sumOfBatchMeans, batches), Moments.divide(sumOfUnbiasedBatchVars, batches),
          featureMean, featureVar);
    }
    if (pooledBatch.count() < 2) {
      throw new IllegalStateException("POOLED needs at least 2 values per batch statistic, got "
          + pooledBatch.count());
    }
    return new PopulationValues(pooledBatch.mean(), pooledBatch.unbiasedVariance(), featureMean, featureVar);
  }

  private static void add(double[] into, double[] values) {
    for (int i = 0; i < into.length; i++) {
      into[i] += values[i];
    }
  }
}
