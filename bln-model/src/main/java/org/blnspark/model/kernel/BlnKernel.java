package org.blnspark.model.kernel;

/**
 * BLN's arithmetic over a {@code [m, d, P]} row-major double array (see {@link NormalizationShape}):
 * the group moments, the forward pass and the backward pass of docs/maths.md. Statistics are
 * accumulated in double precision whatever the network's data type. Each function reads the input
 * a fixed, small number of times and keeps nothing of the input's size but its result: the
 * backward pass recomputes the normalised inputs rather than storing them.
 */
public final class BlnKernel {
  private BlnKernel() {}

  /** The moments of one mini-batch over both kinds of group. */
  public record GroupMoments(Moments batch, Moments feature) {
    public Statistics statistics() {
      return new Statistics(batch.mean(), batch.biasedVariance(), feature.mean(), feature.biasedVariance());
    }
  }

  /** The per-group statistics a forward pass normalises with, one entry per group. */
  public record Statistics(double[] batchMean, double[] batchVar, double[] featureMean, double[] featureVar) {}

  /** What the backward pass needs from the forward pass, besides the input. */
  public record Forward(double[] output, Statistics statistics, double[] batchInvStd, double[] featureInvStd) {}

  /** The gradients with respect to the input, γ and β. */
  public record Backward(double[] input, double[] gamma, double[] beta) {}

  /**
   * Batch and feature moments in two passes over the input: sums, then squared deviations, which
   * stays accurate when a group's mean is large against its spread.
   */
  public static GroupMoments moments(double[] x, NormalizationShape s) {
    double[] batchMean = new double[s.batchGroups()];
    double[] featureMean = new double[s.featureGroups()];
    int bStep = s.batchGroupStep();
    int fStep = s.featureGroupStep();
    for (int i = 0, k = 0; i < s.m(); i++) {
      int f0 = s.featureGroupStart(i);
      for (int c = 0; c < s.d(); c++) {
        int b0 = s.batchGroupStart(c);
        for (int p = 0; p < s.positions(); p++, k++) {
          batchMean[b0 + p * bStep] += x[k];
          featureMean[f0 + p * fStep] += x[k];
        }
      }
    }
    scale(batchMean, 1.0 / s.batchGroupSize());
    scale(featureMean, 1.0 / s.featureGroupSize());
    double[] batchM2 = new double[s.batchGroups()];
    double[] featureM2 = new double[s.featureGroups()];
    for (int i = 0, k = 0; i < s.m(); i++) {
      int f0 = s.featureGroupStart(i);
      for (int c = 0; c < s.d(); c++) {
        int b0 = s.batchGroupStart(c);
        for (int p = 0; p < s.positions(); p++, k++) {
          int bg = b0 + p * bStep;
          int fg = f0 + p * fStep;
          double batchDev = x[k] - batchMean[bg];
          double featureDev = x[k] - featureMean[fg];
          batchM2[bg] += batchDev * batchDev;
          featureM2[fg] += featureDev * featureDev;
        }
      }
    }
    return new GroupMoments(new Moments(s.batchGroupSize(), batchMean, batchM2),
        new Moments(s.featureGroupSize(), featureMean, featureM2));
  }

  public static Forward forward(double[] x, NormalizationShape s, Statistics stats, MixingWeights w, double eps,
                         double[] gamma, double[] beta) {
    double[] batchInvStd = inverseStd(stats.batchVar(), eps);
    double[] featureInvStd = inverseStd(stats.featureVar(), eps);
    double[] batchMean = stats.batchMean();
    double[] featureMean = stats.featureMean();
    double[] out = new double[s.size()];
    int bStep = s.batchGroupStep();
    int fStep = s.featureGroupStep();
    for (int i = 0, k = 0; i < s.m(); i++) {
      int f0 = s.featureGroupStart(i);
      for (int c = 0; c < s.d(); c++) {
        int b0 = s.batchGroupStart(c);
        double scaledGamma = gamma[c] * w.scale();
        for (int p = 0; p < s.positions(); p++, k++) {
          int bg = b0 + p * bStep;
          int fg = f0 + p * fStep;
          double xb = (x[k] - batchMean[bg]) * batchInvStd[bg];
          double xf = (x[k] - featureMean[fg]) * featureInvStd[fg];
          out[k] = scaledGamma * (w.feature() * xf + w.batch() * xb) + beta[c];
        }
      }
    }
    return new Forward(out, stats, batchInvStd, featureInvStd);
  }

  /**
   * The backward pass of a training forward pass, whose statistics all came from the mini-batch:
   * {@code dx = w_F·N_F(ĝ) + w_B·N_B(ĝ)} with {@code ĝ = g·γ·scale}.
   */
  public static Backward backward(double[] x, double[] g, Forward f, NormalizationShape s, MixingWeights w,
                           double[] gamma) {
    double[] batchMean = f.statistics().batchMean();
    double[] featureMean = f.statistics().featureMean();
    double[] batchInvStd = f.batchInvStd();
    double[] featureInvStd = f.featureInvStd();
    double[] dGamma = new double[s.d()];
    double[] dBeta = new double[s.d()];
    double[] batchSum = new double[s.batchGroups()];
    double[] batchDot = new double[s.batchGroups()];
    double[] featureSum = new double[s.featureGroups()];
    double[] featureDot = new double[s.featureGroups()];
    int bStep = s.batchGroupStep();
    int fStep = s.featureGroupStep();
    for (int i = 0, k = 0; i < s.m(); i++) {
      int f0 = s.featureGroupStart(i);
      for (int c = 0; c < s.d(); c++) {
        int b0 = s.batchGroupStart(c);
        double scaledGamma = gamma[c] * w.scale();
        for (int p = 0; p < s.positions(); p++, k++) {
          int bg = b0 + p * bStep;
          int fg = f0 + p * fStep;
          double xb = (x[k] - batchMean[bg]) * batchInvStd[bg];
          double xf = (x[k] - featureMean[fg]) * featureInvStd[fg];
          dBeta[c] += g[k];
          dGamma[c] += g[k] * (w.feature() * xf + w.batch() * xb) * w.scale();
          double gHat = g[k] * scaledGamma;
          batchSum[bg] += gHat;
          batchDot[bg] += gHat * xb;
          featureSum[fg] += gHat;
          featureDot[fg] += gHat * xf;
        }
      }
    }
    scale(batchSum, 1.0 / s.batchGroupSize());
    scale(batchDot, 1.0 / s.batchGroupSize());
    scale(featureSum, 1.0 / s.featureGroupSize());
    scale(featureDot, 1.0 / s.featureGroupSize());
    double[] dx = new double[s.size()];
    for (int i = 0, k = 0; i < s.m(); i++) {
      int f0 = s.featureGroupStart(i);
      for (int c = 0; c < s.d(); c++) {
        int b0 = s.batchGroupStart(c);
        double scaledGamma = gamma[c] * w.scale();
        for (int p = 0; p < s.positions(); p++, k++) {
          int bg = b0 + p * bStep;
          int fg = f0 + p * fStep;
          double xb = (x[k] - batchMean[bg]) * batchInvStd[bg];
          double xf = (x[k] - featureMean[fg]) * featureInvStd[fg];
          double gHat = g[k] * scaledGamma;
          double viaBatch = (gHat - batchSum[bg] - xb * batchDot[bg]) * batchInvStd[bg];
          double viaFeature = (gHat - featureSum[fg] - xf * featureDot[fg]) * featureInvStd[fg];
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
