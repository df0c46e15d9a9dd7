package org.blnspark.model.kernel;

import java.util.Arrays;

/**
 * BLN's arithmetic over a {@code [m, d, P]} row-major input (see {@link NormalizationShape}),
 * read and written in place ({@link Elements}): the group moments, the forward pass and the
 * backward pass of docs/maths.md. Statistics are accumulated in double precision whatever the
 * network's data type. An optional mask of {@code [m, P]} weights (1 for a real step, 0 for
 * padding) keeps padded steps out of every statistic; their outputs and input gradients are 0.
 * The backward pass recomputes the normalised inputs rather than storing them.
 *
 * <p>One kernel belongs to one layer and one thread: its working arrays, one value per group,
 * are kept between calls.
 */
public final class BlnKernel {
  /** The moments of one mini-batch over both kinds of group. */
  public record GroupMoments(Moments batch, Moments feature) {
    public Statistics statistics() {
      return new Statistics(batch.mean(), batch.biasedVariance(), feature.mean(), feature.biasedVariance());
    }
  }

  /** The per-group statistics a forward pass normalises with, one entry per group. */
  public record Statistics(double[] batchMean, double[] batchVar, double[] featureMean, double[] featureVar) {}

  /** What one sweep over the elements does; every sweep walks the groups the same way. */
  private enum Pass { MEANS, DEVIATIONS, FORWARD, GRADIENT_SUMS, INPUT_GRADIENT }

  // The arrays of the current call, set by each public method before its sweeps.
  private Elements x;
  private Elements g;
  private Elements out;
  private double[] mask;
  private double[] batchMean;
  private double[] featureMean;
  private double[] batchInvStd = new double[0];
  private double[] featureInvStd = new double[0];
  private double[] batchSum = new double[0];
  private double[] batchDot = new double[0];
  private double[] featureSum = new double[0];
  private double[] featureDot = new double[0];
  private double[] batchCount;
  private double[] featureCount;
  private double[] gamma;
  private double[] beta;
  private double[] dGamma;
  private double[] dBeta;
  private MixingWeights weights;

  /**
   * Batch and feature moments in two sweeps over the input: sums, then squared deviations, which
   * stays accurate when a group's mean is large against its spread.
   *
   * @param mask {@code [m·P]} weights, or null when every step is real
   */
  public GroupMoments moments(Elements input, double[] mask, NormalizationShape s) {
    this.x = input;
    this.mask = mask;
    batchMean = new double[s.batchGroups()];
    featureMean = new double[s.featureGroups()];
    startCounting(s);
    sweep(Pass.MEANS, s);
    divide(batchMean, batchCount);
    divide(featureMean, featureCount);
    batchSum = reuse(batchSum, s.batchGroups());
    featureSum = reuse(featureSum, s.featureGroups());
    sweep(Pass.DEVIATIONS, s);
    return new GroupMoments(new Moments(counts(batchCount), batchMean, Arrays.copyOf(batchSum, s.batchGroups())),
        new Moments(counts(featureCount), featureMean, Arrays.copyOf(featureSum, s.featureGroups())));
  }

  /** Writes {@code γ·(w_F·x̂_F + w_B·x̂_B)·scale + β} into {@code output}. */
  public void forward(Elements input, double[] mask, NormalizationShape s, Statistics stats, MixingWeights w,
                      double eps, double[] gamma, double[] beta, Elements output) {
    prepare(input, mask, s, stats, w, eps, gamma);
    this.beta = beta;
    this.out = output;
    sweep(Pass.FORWARD, s);
  }

  /**
   * The backward pass of a training forward pass, whose statistics all came from the mini-batch:
   * {@code dx = w_F·N_F(ĝ) + w_B·N_B(ĝ)} with {@code ĝ = g·γ·scale}, written into {@code inputGradient},
   * and the gradients of γ and β into {@code gammaGradient} and {@code betaGradient}.
   */
  public void backward(Elements input, Elements gradient, double[] mask, NormalizationShape s, Statistics stats,
                       MixingWeights w, double eps, double[] gamma, Elements inputGradient, double[] gammaGradient,
                       double[] betaGradient) {
    prepare(input, mask, s, stats, w, eps, gamma);
    this.g = gradient;
    this.out = inputGradient;
    this.dGamma = gammaGradient;
    this.dBeta = betaGradient;
    Arrays.fill(gammaGradient, 0);
    Arrays.fill(betaGradient, 0);
    batchSum = reuse(batchSum, s.batchGroups());
    batchDot = reuse(batchDot, s.batchGroups());
    featureSum = reuse(featureSum, s.featureGroups());
    featureDot = reuse(featureDot, s.featureGroups());
    startCounting(s);
    sweep(Pass.GRADIENT_SUMS, s);
    divide(batchSum, batchCount);
    divide(batchDot, batchCount);
    divide(featureSum, featureCount);
    divide(featureDot, featureCount);
    sweep(Pass.INPUT_GRADIENT, s);
  }

  private void prepare(Elements input, double[] mask, NormalizationShape s, Statistics stats, MixingWeights w,
                       double eps, double[] gamma) {
    this.x = input;
    this.mask = mask;
    this.weights = w;
    this.gamma = gamma;
    batchMean = stats.batchMean();
    featureMean = stats.featureMean();
    batchInvStd = inverseStd(batchInvStd, stats.batchVar(), s.batchGroups(), eps);
    featureInvStd = inverseStd(featureInvStd, stats.featureVar(), s.featureGroups(), eps);
  }

  /**
   * The values each group of the current call holds: the shape's group sizes, or, under a mask,
   * counted by the sweep that follows (MEANS or GRADIENT_SUMS).
   */
  private void startCounting(NormalizationShape s) {
    batchCount = new double[s.batchGroups()];
    featureCount = new double[s.featureGroups()];
    if (mask == null) {
      Arrays.fill(batchCount, s.batchGroupSize());
      Arrays.fill(featureCount, s.featureGroupSize());
    }
  }

  /**
   * Walks every element (i, c, p) with its batch group {@code b0 + p·bStep} and feature group
   * {@code f0 + p·fStep}, so that the inner loop over positions needs no call, and does one pass's
   * work on it. A padded step takes no part in any sum and gets 0 where the pass writes.
   */
  private void sweep(Pass pass, NormalizationShape s) {
    int bStep = s.batchGroupStep();
    int fStep = s.featureGroupStep();
    int positions = s.positions();
    boolean counting = mask != null && (pass == Pass.MEANS || pass == Pass.GRADIENT_SUMS);
    double wF = weights == null ? 0 : weights.feature();
    double wB = weights == null ? 0 : weights.batch();
    double scale = weights == null ? 0 : weights.scale();
    for (int i = 0, k = 0; i < s.m(); i++) {
      int f0 = s.featureGroupStart(i);
      for (int c = 0; c < s.d(); c++) {
        int b0 = s.batchGroupStart(c);
        double scaledGamma = gamma == null ? 0 : gamma[c] * scale;
        for (int p = 0; p < positions; p++, k++) {
          int bg = b0 + p * bStep;
          int fg = f0 + p * fStep;
          double weight = mask == null ? 1 : mask[i * positions + p];
          if (weight == 0) {
            if (pass == Pass.FORWARD || pass == Pass.INPUT_GRADIENT) {
              out.set(k, 0);
            }
            continue;
          }
          double xk = x.get(k);
          if (counting) {
            batchCount[bg] += weight;
            featureCount[fg] += weight;
          }
          switch (pass) {
            case MEANS -> {
              batchMean[bg] += xk;
              featureMean[fg] += xk;
            }
            case DEVIATIONS -> {
              double batchDev = xk - batchMean[bg];
              double featureDev = xk - featureMean[fg];
              batchSum[bg] += batchDev * batchDev;
              featureSum[fg] += featureDev * featureDev;
            }
            default -> {
              double xb = (xk - batchMean[bg]) * batchInvStd[bg];
              double xf = (xk - featureMean[fg]) * featureInvStd[fg];
              if (pass == Pass.FORWARD) {
                out.set(k, scaledGamma * (wF * xf + wB * xb) + beta[c]);
              } else {
                double gHat = g.get(k) * scaledGamma;
                if (pass == Pass.GRADIENT_SUMS) {
                  dBeta[c] += g.get(k);
                  dGamma[c] += g.get(k) * (wF * xf + wB * xb) * scale;
                  batchSum[bg] += gHat;
                  batchDot[bg] += gHat * xb;
                  featureSum[fg] += gHat;
                  featureDot[fg] += gHat * xf;
                } else {
                  double viaBatch = (gHat - batchSum[bg] - xb * batchDot[bg]) * batchInvStd[bg];
                  double viaFeature = (gHat - featureSum[fg] - xf * featureDot[fg]) * featureInvStd[fg];
                  out.set(k, wF * viaFeature + wB * viaBatch);
                }
              }
            }
          }
        }
      }
    }
  }

  private static double[] inverseStd(double[] into, double[] variance, int groups, double eps) {
    double[] out = reuse(into, groups);
    for (int i = 0; i < groups; i++) {
      out[i] = 1.0 / Math.sqrt(variance[i] + eps);
    }
    return out;
  }

  /** An array of at least {@code length} zeros, the given one when it is long enough. */
  private static double[] reuse(double[] array, int length) {
    if (array.length < length) {
      return new double[length];
    }
    Arrays.fill(array, 0, length, 0);
    return array;
  }

  /** Divides each sum by its group's count; a group with no values keeps 0. */
  private static void divide(double[] sums, double[] counts) {
    for (int i = 0; i < counts.length; i++) {
      sums[i] = counts[i] > 0 ? sums[i] / counts[i] : 0;
    }
  }

  private static long[] counts(double[] counts) {
    long[] out = new long[counts.length];
    for (int i = 0; i < counts.length; i++) {
      out[i] = Math.round(counts[i]);
    }
    return out;
  }
}
