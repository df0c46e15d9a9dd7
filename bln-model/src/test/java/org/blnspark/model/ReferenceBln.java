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
    return stats(x, reduced, null);
  }

  /** As {@link #stats(INDArray, int[])}, over the real steps of a {@code [m, T]} sequence mask only (null: all). */
  static GroupStats stats(INDArray x, int[] reduced, INDArray mask) {
    Map<List<Long>, Double> sum = new HashMap<>();
    Map<List<Long>, Integer> count = new HashMap<>();
    for (long k = 0; k < x.length(); k++) {
      long[] idx = Shape.ind2subC(x, k);
      if (!isReal(idx, mask)) {
        continue;
      }
      List<Long> key = key(idx, reduced);
      sum.merge(key, x.getDouble(idx), Double::sum);
      count.merge(key, 1, Integer::sum);
    }
    Map<List<Long>, Double> mean = new HashMap<>();
    sum.forEach((key, s) -> mean.put(key, s / count.get(key)));
    Map<List<Long>, Double> sq = new HashMap<>();
    for (long k = 0; k < x.length(); k++) {
      long[] idx = Shape.ind2subC(x, k);
      if (!isReal(idx, mask)) {
        continue;
      }
      List<Long> key = key(idx, reduced);
      double dev = x.getDouble(idx) - mean.get(key);
      sq.merge(key, dev * dev, Double::sum);
    }
    Map<List<Long>, Double> var = new HashMap<>();
    sq.forEach((key, s) -> var.put(key, s / count.get(key)));
    return new GroupStats(mean, var);
  }

  /** Whether element idx of a channels-first tensor is a real step: always, without a mask. */
  static boolean isReal(long[] idx, INDArray mask) {
    return mask == null || mask.getDouble(idx[0], idx[2]) != 0;
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
    return forward(x, null, axes, batch, feature, weightsM, gamma, beta, eps);
  }

  /** As the forward pass above, with 0 at the padded steps of a {@code [m, T]} sequence mask (null: none). */
  static INDArray forward(INDArray x, INDArray mask, Axes axes, GroupStats batch, GroupStats feature, int weightsM,
                          double[] gamma, double[] beta, double eps) {
    long d = x.size(1);
    double wF = 1.0 / weightsM - 1e-4;
    double wB = 1 - 1.0 / weightsM - 1e-4;
    INDArray y = x.dup();
    for (long k = 0; k < x.length(); k++) {
      long[] idx = Shape.ind2subC(x, k);
      if (!isReal(idx, mask)) {
        y.putScalar(idx, 0);
        continue;
      }
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

  /** The gradients of a training forward pass: of the input (channels-first), of γ and of β. */
  record Gradients(INDArray input, double[] gamma, double[] beta) {}

  /**
   * The backward pass of docs/maths.md, element by element: with {@code ĝ = g·γ·scale} and, per group,
   * {@code N(ĝ) = (ĝ − mean(ĝ) − x̂·mean(ĝ·x̂))/sqrt(var + eps)}, {@code dx = w_F·N_F(ĝ) + w_B·N_B(ĝ)};
   * {@code dγ = Σ g·(w_F·x̂_F + w_B·x̂_B)·scale} and {@code dβ = Σ g}. Padded steps take no part and get 0.
   */
  static Gradients backward(INDArray x, INDArray g, INDArray mask, Axes axes, int weightsM, double[] gamma,
                            double eps) {
    int d = (int) x.size(1);
    double scale = 1 / Math.sqrt(d);
    double wF = 1.0 / weightsM - 1e-4;
    double wB = 1 - 1.0 / weightsM - 1e-4;
    GroupStats batch = stats(x, axes.batch(), mask);
    GroupStats feature = stats(x, axes.feature(), mask);
    Map<List<Long>, double[]> batchSums = new HashMap<>();
    Map<List<Long>, double[]> featureSums = new HashMap<>();
    double[] dGamma = new double[d];
    double[] dBeta = new double[d];
    for (long k = 0; k < x.length(); k++) {
      long[] idx = Shape.ind2subC(x, k);
      if (!isReal(idx, mask)) {
        continue;
      }
      int c = (int) idx[1];
      double xb = normalised(x, idx, axes.batch(), batch, eps);
      double xf = normalised(x, idx, axes.feature(), feature, eps);
      double gk = g.getDouble(idx);
      double gHat = gk * gamma[c] * scale;
      dBeta[c] += gk;
      dGamma[c] += gk * (wF * xf + wB * xb) * scale;
      accumulate(batchSums, key(idx, axes.batch()), gHat, gHat * xb);
      accumulate(featureSums, key(idx, axes.feature()), gHat, gHat * xf);
    }
    INDArray dx = x.dup();
    for (long k = 0; k < x.length(); k++) {
      long[] idx = Shape.ind2subC(x, k);
      if (!isReal(idx, mask)) {
        dx.putScalar(idx, 0);
        continue;
      }
      double gHat = g.getDouble(idx) * gamma[(int) idx[1]] * scale;
      double viaBatch = viaGroup(x, idx, axes.batch(), batch, batchSums, gHat, eps);
      double viaFeature = viaGroup(x, idx, axes.feature(), feature, featureSums, gHat, eps);
      dx.putScalar(idx, wF * viaFeature + wB * viaBatch);
    }
    return new Gradients(dx, dGamma, dBeta);
  }

  private static double normalised(INDArray x, long[] idx, int[] reduced, GroupStats stats, double eps) {
    List<Long> key = key(idx, reduced);
    return (x.getDouble(idx) - stats.mean().get(key)) / Math.sqrt(stats.var().get(key) + eps);
  }

  /** Adds ĝ and ĝ·x̂ to the group's sums; the third slot counts the group's values. */
  private static void accumulate(Map<List<Long>, double[]> sums, List<Long> key, double gHat, double gHatXHat) {
    double[] s = sums.computeIfAbsent(key, k -> new double[3]);
    s[0] += gHat;
    s[1] += gHatXHat;
    s[2]++;
  }

  private static double viaGroup(INDArray x, long[] idx, int[] reduced, GroupStats stats,
                                 Map<List<Long>, double[]> sums, double gHat, double eps) {
    double[] s = sums.get(key(idx, reduced));
    double xHat = normalised(x, idx, reduced, stats, eps);
    return (gHat - s[0] / s[2] - xHat * s[1] / s[2]) / Math.sqrt(stats.var().get(key(idx, reduced)) + eps);
  }
}
