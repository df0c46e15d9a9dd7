package org.blnspark.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * A deliberately plain double-precision BLN, written from docs/maths.md for the tests: it walks
 * every element of a channels-first tensor and groups elements by the axes each statistic keeps,
 * sharing no code with the layer.
 */
final class ReferenceBln {
  /** The axes each statistic reduces over, on a channels-first tensor of the given rank. */
  record Axes(int[] batch, int[] feature) {
    static Axes of(int rank, StatisticsAxes axes) {
      if (rank == 2 || axes == StatisticsAxes.REFERENCE) {
        return new Axes(new int[] {0}, new int[] {1});
      }
      return rank == 3
          ? new Axes(new int[] {0, 2}, new int[] {1})
          : new Axes(new int[] {0, 2, 3}, new int[] {1, 2, 3});
    }
  }

  /** Mean and biased variance per group, keyed by the element's indices on the kept axes. */
  record GroupStats(Map<List<Long>, Double> mean, Map<List<Long>, Double> var) {}

  static GroupStats stats(INDArray x, int[] reduced) {
    Map<List<Long>, Double> sum = new HashMap<>();
    Map<List<Long>, Integer> count = new HashMap<>();
    for (long k = 0; k < x.length(); k++) {
      long[] idx = Shape.ind2subC(x, k);
      List<Long> key = key(idx, reduced);
      sum.merge(key, x.getDouble(idx), Double::sum);
      count.merge(key, 1, Integer::sum);
    }
    Map<List<Long>, Double> mean = new HashMap<>();
    sum.forEach((key, s) -> mean.put(key, s / count.get(key)));
    Map<List<Long>, Double> sq = new HashMap<>();
    for (long k = 0; k < x.length(); k++) {
      long[] idx = Shape.ind2subC(x, k);
      List<Long> key = key(idx, reduced);
      double dev = x.getDouble(idx) - mean.get(key);
      sq.merge(key, dev * dev, Double::sum);
    }
    Map<List<Long>, Double> var = new HashMap<>();
    sq.forEach((key, s) -> var.put(key, s / count.get(key)));
    return new GroupStats(mean, var);
  }

  static List<Long> key(long[] idx, int[] reduced) {
    List<Long> key = new ArrayList<>();
    for (int axis = 0; axis < idx.length; axis++) {
      boolean isReduced = false;
      for (int r : reduced) {
        isReduced |= r == axis;
      }
      key.add(isReduced ? -1L : idx[axis]);
    }
    return key;
  }

  /**
   * y = γ·[(1/m − 1e-4)·x̂_F + (1 − 1/m − 1e-4)·x̂_B]/sqrt(d) + β, with the given statistics
   * (keyed as by {@link #stats}) and the given m for the weights. Returns a channels-first tensor.
   */
  static INDArray forward(INDArray x, Axes axes, GroupStats batch, GroupStats feature, int weightsM,
                          double[] gamma, double[] beta, double eps) {
    long d = x.size(1);
    double wF = 1.0 / weightsM - 1e-4;
    double wB = 1 - 1.0 / weightsM - 1e-4;
    INDArray y = x.dup();
    for (long k = 0; k < x.length(); k++) {
      long[] idx = Shape.ind2subC(x, k);
      List<Long> bKey = key(idx, axes.batch());
      List<Long> fKey = key(idx, axes.feature());
      double v = x.getDouble(idx);
      double xb = (v - batch.mean().get(bKey)) / Math.sqrt(batch.var().get(bKey) + eps);
      double xf = (v - feature.mean().get(fKey)) / Math.sqrt(feature.var().get(fKey) + eps);
      int c = (int) idx[1];
      y.putScalar(idx, gamma[c] * (wF * xf + wB * xb) / Math.sqrt(d) + beta[c]);
    }
    return y;
  }
}
