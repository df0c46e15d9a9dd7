package org.blnspark.model.kernel;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * BLN's arithmetic over a {@code [m, d, P]} input laid out as an {@link ElementOrder} (see
 * {@link NormalizationShape}): the group moments, the forward pass and the backward pass of
 * docs/maths.md. Each call copies its arrays into double working arrays once and writes its result
 * back once ({@link Elements}), so that every sweep is a plain loop over Java arrays, one method per
 * pass, which the JIT compiles within the first steps. Statistics are accumulated in double
 * precision whatever the network's data type. An optional mask of {@code [m, P]} weights (1 for a
 * real step, 0 for padding) keeps padded steps out of every statistic; their outputs and input
 * gradients are 0. The backward pass recomputes the normalised inputs rather than storing them.
 *
 * <p>One kernel belongs to one layer and one thread: its working arrays are kept between calls.
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

  /**
   * Consecutive elements of one channel, along which the batch group, the feature group and the
   * mask index each move by a fixed step: a row of positions in row-major memory, a column of
   * examples in column-major memory.
   */
  private record Run(int start, int length, int channel, int batchGroup, int batchStep, int featureGroup,
                     int featureStep, double[] mask, int maskIndex, int maskStep) {
    int batchGroupAt(int j) {
      return batchGroup + j * batchStep;
    }

    int featureGroupAt(int j) {
      return featureGroup + j * featureStep;
    }

    /** The mask weight of the run's j-th element: 1 without a mask. */
    double weightAt(int j) {
      return mask == null ? 1 : mask[maskIndex + j * maskStep];
    }
  }

  // The values of the current call: the input, the output gradient and the result.
  private double[] x = new double[0];
  private double[] g = new double[0];
  private double[] out = new double[0];
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
  private double weightF;
  private double weightB;
  private double scale;

  /**
   * Batch and feature moments in two sweeps over the input: sums, then squared deviations, which
   * stays accurate when a group's mean is large against its spread.
   *
   * @param mask {@code [m·P]} weights, or null when every step is real
   */
  public GroupMoments moments(Elements input, double[] mask, NormalizationShape s) {
    x = read(input, x, s);
    this.mask = mask;
    batchMean = new double[s.batchGroups()];
    featureMean = new double[s.featureGroups()];
    count(s, input.order());
    sweep(s, input.order(), this::sumValues);
    divide(batchMean, batchCount);
    divide(featureMean, featureCount);
    batchSum = reuse(batchSum, s.batchGroups());
    featureSum = reuse(featureSum, s.featureGroups());
    sweep(s, input.order(), this::sumSquaredDeviations);
    return new GroupMoments(new Moments(counts(batchCount), batchMean, Arrays.copyOf(batchSum, s.batchGroups())),
        new Moments(counts(featureCount), featureMean, Arrays.copyOf(featureSum, s.featureGroups())));
  }

  /** Writes {@code γ·(w_F·x̂_F + w_B·x̂_B)·scale + β} into {@code output}, laid out as the input. */
  public void forward(Elements input, double[] mask, NormalizationShape s, Statistics stats, MixingWeights w,
                      double eps, double[] gamma, double[] beta, Elements output) {
    requireSameOrder(input, output);
    prepare(input, mask, s, stats, w, eps, gamma);
    this.beta = beta;
    sweep(s, input.order(), this::normalise);
    output.write(out);
  }

  /**
   * The backward pass of a training forward pass, whose statistics all came from the mini-batch:
   * {@code dx = w_F·N_F(ĝ) + w_B·N_B(ĝ)} with {@code ĝ = g·γ·scale}, written into {@code inputGradient},
   * and the gradients of γ and β into {@code gammaGradient} and {@code betaGradient}. The three
   * arrays are laid out alike.
   */
  public void backward(Elements input, Elements gradient, double[] mask, NormalizationShape s, Statistics stats,
                       MixingWeights w, double eps, double[] gamma, Elements inputGradient, double[] gammaGradient,
                       double[] betaGradient) {
    requireSameOrder(input, gradient);
    requireSameOrder(input, inputGradient);
    prepare(input, mask, s, stats, w, eps, gamma);
    g = read(gradient, g, s);
    this.dGamma = gammaGradient;
    this.dBeta = betaGradient;
    Arrays.fill(gammaGradient, 0);
    Arrays.fill(betaGradient, 0);
    batchSum = reuse(batchSum, s.batchGroups());
    batchDot = reuse(batchDot, s.batchGroups());
    featureSum = reuse(featureSum, s.featureGroups());
    featureDot = reuse(featureDot, s.featureGroups());
    count(s, input.order());
    sweep(s, input.order(), this::sumGradients);
    divide(batchSum, batchCount);
    divide(batchDot, batchCount);
    divide(featureSum, featureCount);
    divide(featureDot, featureCount);
    sweep(s, input.order(), this::inputGradient);
    inputGradient.write(out);
  }

  private void prepare(Elements input, double[] mask, NormalizationShape s, Statistics stats, MixingWeights w,
                       double eps, double[] gamma) {
    x = read(input, x, s);
    out = ensureLength(out, s.size());
    this.mask = mask;
    this.weightF = w.feature();
    this.weightB = w.batch();
    this.scale = w.scale();
    this.gamma = gamma;
    batchMean = stats.batchMean();
    featureMean = stats.featureMean();
    batchInvStd = inverseStd(batchInvStd, stats.batchVar(), s.batchGroups(), eps);
    featureInvStd = inverseStd(featureInvStd, stats.featureVar(), s.featureGroups(), eps);
  }

  /** The values each group of the current call holds: the shape's group sizes, or, under a mask, the real ones. */
  private void count(NormalizationShape s, ElementOrder order) {
    batchCount = new double[s.batchGroups()];
    featureCount = new double[s.featureGroups()];
    if (mask == null) {
      Arrays.fill(batchCount, s.batchGroupSize());
      Arrays.fill(featureCount, s.featureGroupSize());
    } else {
      sweep(s, order, this::sumMaskWeights);
    }
  }

  /**
   * Cuts the elements into the runs their memory order gives, in memory order, and hands each to
   * one pass: row-major memory runs over the positions of one (example, channel), column-major
   * memory over the examples of one (position, channel).
   */
  private void sweep(NormalizationShape s, ElementOrder order, Consumer<Run> pass) {
    int positions = s.positions();
    if (order == ElementOrder.SAMPLE_MAJOR) {
      for (int i = 0; i < s.m(); i++) {
        for (int c = 0; c < s.d(); c++) {
          pass.accept(new Run((i * s.d() + c) * positions, positions, c, s.batchGroupStart(c), s.batchGroupStep(),
              s.featureGroupStart(i), s.featureGroupStep(), mask, i * positions, 1));
        }
      }
    } else {
      for (int p = 0; p < positions; p++) {
        for (int c = 0; c < s.d(); c++) {
          pass.accept(new Run((p * s.d() + c) * s.m(), s.m(), c, s.batchGroupStart(c) + p * s.batchGroupStep(), 0,
              p * s.featureGroupStep(), s.featureGroupStride(), mask, p, positions));
        }
      }
    }
  }

  // The passes. A padded step (mask weight 0) takes no part in any sum and gets 0 where a pass writes.

  private void sumMaskWeights(Run r) {
    for (int j = 0; j < r.length(); j++) {
      batchCount[r.batchGroupAt(j)] += r.weightAt(j);
      featureCount[r.featureGroupAt(j)] += r.weightAt(j);
    }
  }

  private void sumValues(Run r) {
    for (int j = 0; j < r.length(); j++) {
      double xk = x[r.start() + j];
      if (r.weightAt(j) != 0) {
        batchMean[r.batchGroupAt(j)] += xk;
        featureMean[r.featureGroupAt(j)] += xk;
      }
    }
  }

  private void sumSquaredDeviations(Run r) {
    for (int j = 0; j < r.length(); j++) {
      int bg = r.batchGroupAt(j);
      int fg = r.featureGroupAt(j);
      double xk = x[r.start() + j];
      if (r.weightAt(j) != 0) {
        batchSum[bg] += (xk - batchMean[bg]) * (xk - batchMean[bg]);
        featureSum[fg] += (xk - featureMean[fg]) * (xk - featureMean[fg]);
      }
    }
  }

  private void normalise(Run r) {
    double scaledGamma = gamma[r.channel()] * scale;
    double shift = beta[r.channel()];
    for (int j = 0, k = r.start(); j < r.length(); j++, k++) {
      int bg = r.batchGroupAt(j);
      int fg = r.featureGroupAt(j);
      double xb = (x[k] - batchMean[bg]) * batchInvStd[bg];
      double xf = (x[k] - featureMean[fg]) * featureInvStd[fg];
      out[k] = r.weightAt(j) == 0 ? 0 : scaledGamma * (weightF * xf + weightB * xb) + shift;
    }
  }

  private void sumGradients(Run r) {
    double scaledGamma = gamma[r.channel()] * scale;
    double gammaSum = 0;
    double betaSum = 0;
    for (int j = 0, k = r.start(); j < r.length(); j++, k++) {
      if (r.weightAt(j) == 0) {
        continue;
      }
      int bg = r.batchGroupAt(j);
      int fg = r.featureGroupAt(j);
      double xb = (x[k] - batchMean[bg]) * batchInvStd[bg];
      double xf = (x[k] - featureMean[fg]) * featureInvStd[fg];
      double gHat = g[k] * scaledGamma;
      betaSum += g[k];
      gammaSum += g[k] * (weightF * xf + weightB * xb);
      batchSum[bg] += gHat;
      batchDot[bg] += gHat * xb;
      featureSum[fg] += gHat;
      featureDot[fg] += gHat * xf;
    }
    dBeta[r.channel()] += betaSum;
    dGamma[r.channel()] += gammaSum * scale;
  }

  private void inputGradient(Run r) {
    double scaledGamma = gamma[r.channel()] * scale;
    for (int j = 0, k = r.start(); j < r.length(); j++, k++) {
      int bg = r.batchGroupAt(j);
      int fg = r.featureGroupAt(j);
      double xb = (x[k] - batchMean[bg]) * batchInvStd[bg];
      double xf = (x[k] - featureMean[fg]) * featureInvStd[fg];
      double gHat = g[k] * scaledGamma;
      double viaBatch = (gHat - batchSum[bg] - xb * batchDot[bg]) * batchInvStd[bg];
      double viaFeature = (gHat - featureSum[fg] - xf * featureDot[fg]) * featureInvStd[fg];
      out[k] = r.weightAt(j) == 0 ? 0 : weightF * viaFeature + weightB * viaBatch;
    }
  }

  private static void requireSameOrder(Elements a, Elements b) {
    if (a.order() != b.order()) {
      throw new IllegalArgumentException("arrays of one call must be laid out alike, got " + a.order() + " and "
          + b.order());
    }
  }

  /** The elements' values in {@code into}, replaced by a longer array when it is too short. */
  private static double[] read(Elements elements, double[] into, NormalizationShape s) {
    if (elements.length() != s.size()) {
      throw new IllegalArgumentException(elements.length() + " values for a shape of " + s.size());
    }
    double[] values = ensureLength(into, s.size());
    elements.read(values);
    return values;
  }

  private static double[] ensureLength(double[] array, int length) {
    return array.length < length ? new double[length] : array;
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
