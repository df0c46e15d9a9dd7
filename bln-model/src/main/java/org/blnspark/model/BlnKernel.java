package org.blnspark.model;

/**
 * BLN's arithmetic over a {@code [m, d, P]} row-major double array (see {@link NormalizationShape}):
 * the group moments, the forward pass and the backward pass of docs/bln-math.md. Statistics are
 * accumulated in double precision whatever the network's data type.
 */
final class BlnKernel {
  private BlnKernel() {}

  /** The per-group statistics a forward pass normalises with, one entry per group. */
  record Statistics(double[] batchMean, double[] batchVar, double[] featureMean, double[] featureVar) {}

  /** What the backward pass needs from the forward pass. */
  record Forward(double[] output, double[] batchNormalized, double[] featureNormalized,
                 double[] batchInvStd, double[] featureInvStd) {}

  /** The gradients with respect to the input, γ and β. */
  record Backward(double[] input, double[] gamma, double[] beta) {}

  static Moments batchMoments(double[] x, NormalizationShape s) {
    return groupMoments(x, s, true);
  }

  static Moments featureMoments(double[] x, NormalizationShape s) {
    return groupMoments(x, s, false);
  }

  /** Two passes (mean, then squared deviations) for accuracy when the mean is large. */
  private static Moments groupMoments(double[] x, NormalizationShape s, boolean batchGroups) {
    int groups = batchGroups ? s.batchGroups() : s.featureGroups();
    int groupSize = batchGroups ? s.batchGroupSize() : s.featureGroupSize();
    double[] mean = new double[groups];
    double[] m2 = new double[groups];
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0, k = 0; i < s.m; i++) {
        for (int c = 0; c < s.d; c++) {
          for (int p = 0; p < s.positions; p++, k++) {
            int g = batchGroups ? s.batchGroup(c, p) : s.featureGroup(i, p);
            if (pass == 0) {
              mean[g] += x[k];
            } else {
              double dev = x[k] - mean[g];
              m2[g] += dev * dev;
            }
          }
        }
      }
      if (pass == 0) {
        scale(mean, 1.0 / groupSize);
      }
    }
    return new Moments(groupSize, mean, m2);
  }

  static Forward forward(double[] x, NormalizationShape s, Statistics stats, MixingWeights w, double eps,
                         double[] gamma, double[] beta) {
    double[] batchInvStd = inverseStd(stats.batchVar(), eps);
    double[] featureInvStd = inverseStd(stats.featureVar(), eps);
    double[] out = new double[s.size()];
    double[] xb = new double[s.size()];
    double[] xf = new double[s.size()];
    for (int i = 0, k = 0; i < s.m; i++) {
      for (int c = 0; c < s.d; c++) {
        for (int p = 0; p < s.positions; p++, k++) {
          int bg = s.batchGroup(c, p);
          int fg = s.featureGroup(i, p);
          xb[k] = (x[k] - stats.batchMean()[bg]) * batchInvStd[bg];
          xf[k] = (x[k] - stats.featureMean()[fg]) * featureInvStd[fg];
          out[k] = gamma[c] * (w.feature() * xf[k] + w.batch() * xb[k]) * w.scale() + beta[c];
        }
      }
    }
    return new Forward(out, xb, xf, batchInvStd, featureInvStd);
  }

  /**
   * The backward pass of a training forward pass, whose statistics all came from the mini-batch:
   * {@code dx = w_F·N_F(ĝ) + w_B·N_B(ĝ)} with {@code ĝ = g·γ·scale}.
   */
  static Backward backward(double[] g, Forward f, NormalizationShape s, MixingWeights w, double[] gamma) {
    double[] dGamma = new double[s.d];
    double[] dBeta = new double[s.d];
    double[] batchSum = new double[s.batchGroups()];
    double[] batchDot = new double[s.batchGroups()];
    double[] featureSum = new double[s.featureGroups()];
    double[] featureDot = new double[s.featureGroups()];
    for (int i = 0, k = 0; i < s.m; i++) {
      for (int c = 0; c < s.d; c++) {
        for (int p = 0; p < s.positions; p++, k++) {
          dBeta[c] += g[k];
          dGamma[c] += g[k] * (w.feature() * f.featureNormalized()[k] + w.batch() * f.batchNormalized()[k]) * w.scale();
          double gHat = g[k] * gamma[c] * w.scale();
          int bg = s.batchGroup(c, p);
          int fg = s.featureGroup(i, p);
          batchSum[bg] += gHat;
          batchDot[bg] += gHat * f.batchNormalized()[k];
          featureSum[fg] += gHat;
          featureDot[fg] += gHat * f.featureNormalized()[k];
        }
      }
    }
    double nB = s.batchGroupSize();
    double nF = s.featureGroupSize();
    double[] dx = new double[s.size()];
    for (int i = 0, k = 0; i < s.m; i++) {
      for (int c = 0; c < s.d; c++) {
        for (int p = 0; p < s.positions; p++, k++) {
          double gHat = g[k] * gamma[c] * w.scale();
          int bg = s.batchGroup(c, p);
          int fg = s.featureGroup(i, p);
          double viaBatch = (gHat - batchSum[bg] / nB - f.batchNormalized()[k] * batchDot[bg] / nB) * f.batchInvStd()[bg];
          double viaFeature =
              (gHat - featureSum[fg] / nF - f.featureNormalized()[k] * featureDot[fg] / nF) * f.featureInvStd()[fg];
          dx[k] = w.feature() * viaFeature + w.batch() * viaBatch;
        }
      }
    }
    return new Backward(dx, dGamma, dBeta);
  }

  private static double[] inverseStd(double[] variance, double eps) {
    double[] out = new double[variance.length];
    for (int i = 0; i < variance.length; i++) {
      out[i] = 1.0 / Math.sqrt(variance[i] + eps);
    }
    return out;
  }

  private static void scale(double[] values, double factor) {
    for (int i = 0; i < values.length; i++) {
      values[i] *= factor;
    }
  }
}
