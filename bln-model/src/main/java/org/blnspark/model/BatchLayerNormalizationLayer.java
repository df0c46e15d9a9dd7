package org.blnspark.model;

import static org.blnspark.model.BatchLayerNormalizationParamInitializer.BATCH_MEAN;
import static org.blnspark.model.BatchLayerNormalizationParamInitializer.BATCH_VAR;
import static org.blnspark.model.BatchLayerNormalizationParamInitializer.BETA;
import static org.blnspark.model.BatchLayerNormalizationParamInitializer.FEATURE_MEAN;
import static org.blnspark.model.BatchLayerNormalizationParamInitializer.FEATURE_VAR;
import static org.blnspark.model.BatchLayerNormalizationParamInitializer.GAMMA;
import static org.blnspark.model.BatchLayerNormalizationParamInitializer.STATE;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.blnspark.model.kernel.BlnKernel;
import org.blnspark.model.kernel.MixingWeights;
import org.blnspark.model.kernel.NdArrays;
import org.blnspark.model.kernel.NormalizationShape;

/**
 * The runtime side of {@link BatchLayerNormalization}: forward and backward passes, and the
 * layer's {@link LearnedState}, which it keeps in its {@code state} parameter and never in its
 * configuration.
 */
public class BatchLayerNormalizationLayer extends BaseLayer<BatchLayerNormalization> {
  /** The last training forward pass, kept for the backward pass. */
  private TrainingPass lastPass;

  private record TrainingPass(double[] input, NormalizationShape shape, MixingWeights weights, double[] gamma,
                              BlnKernel.Forward forward) {}

  public BatchLayerNormalizationLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public Type type() {
    return Type.NORMALIZATION;
  }

  @Override
  public boolean isPretrainLayer() {
    return false;
  }

  @Override
  public void clearNoiseWeightParams() {
    // No weight noise applies to normalisation parameters.
  }

  @Override
  public double calcRegularizationScore(boolean backpropParamsOnly) {
    return 0;
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    BatchLayerNormalization conf = layerConf();
    double[] x = canonical(input);
    int m = (int) input.size(0);
    NormalizationShape shape = conf.shapeFor(m);
    LayerInputObserver observer = BlnCalls.observer();
    if (training && observer != null && conf.hasPopulationStatistics()) {
      observer.observe(conf.getLayerName(), x, shape);
    }
    BlnKernel.Statistics stats = training || conf.getMixing() == Mixing.LAYER
        ? miniBatchStatistics(x, shape)
        : inferenceStatistics(x, shape, BlnCalls.inference() != null ? BlnCalls.inference() : inference());
    int weightsBatchSize = training || trainingBatchSize() == 0 ? m : trainingBatchSize();
    MixingWeights weights = conf.mixingWeights(weightsBatchSize);
    double[] gamma = NdArrays.toDoubles(getParam(GAMMA));
    BlnKernel.Forward forward =
        BlnKernel.forward(x, shape, stats, weights, conf.getEps(), gamma, NdArrays.toDoubles(getParam(BETA)));
    lastPass = training ? new TrainingPass(x, shape, weights, gamma, forward) : null;
    INDArray out = conf.getInputLayout().fromCanonical(forward.output(), input.shape(), input.dataType());
    return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, out);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    if (lastPass == null) {
      throw new IllegalStateException(layerId() + ": backpropagation needs a training-mode forward pass first");
    }
    BatchLayerNormalization conf = layerConf();
    BlnKernel.Backward backward = BlnKernel.backward(lastPass.input(), conf.getInputLayout().toCanonical(epsilon),
        lastPass.forward(), lastPass.shape(), lastPass.weights(), lastPass.gamma());
    recordTrainingBatchSize(lastPass.shape().m());

    Gradient gradient = new DefaultGradient();
    setGradient(gradient, GAMMA, backward.gamma());
    setGradient(gradient, BETA, backward.beta());
    if (conf.hasPopulationStatistics()) {
      // Zero, so that the NoOp updater leaves the statistics and the state alone; one op for the whole block.
      BatchLayerNormalizationParamInitializer.untrained(conf, gradientsFlattened).assign(0);
      for (String statistic : new String[] {BATCH_MEAN, BATCH_VAR, FEATURE_MEAN, FEATURE_VAR, STATE}) {
        gradient.setGradientFor(statistic, gradientViews.get(statistic));
      }
    }
    INDArray dx = conf.getInputLayout().fromCanonical(backward.input(), epsilon.shape(), epsilon.dataType());
    return new Pair<>(gradient, workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, dx));
  }

  private void setGradient(Gradient gradient, String param, double[] values) {
    INDArray view = gradientViews.get(param);
    NdArrays.copyInto(values, view);
    gradient.setGradientFor(param, view);
  }

  /**
   * Inference uses the largest mini-batch the layer was trained with, so that a short last batch
   * does not set it; a parameter-averaging trainer sets the per-worker batch size on the driver.
   */
  private void recordTrainingBatchSize(int m) {
    if (layerConf().hasPopulationStatistics() && m > trainingBatchSize()) {
      setTrainingBatchSize(m);
    }
  }

  /** The mini-batch size whose mixing weights inference uses; 0 until the layer has been trained. */
  public int trainingBatchSize() {
    return layerConf().hasPopulationStatistics() ? LearnedState.trainingBatchSize(getParam(STATE)) : 0;
  }

  public void setTrainingBatchSize(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("training batch size must be at least 1, got " + batchSize);
    }
    LearnedState.setTrainingBatchSize(state(), batchSize);
  }

  /** Whether the population statistics were filled; until then inference may not read them. */
  public boolean isPopulationCollected() {
    return LearnedState.populationCollected(state());
  }

  public void setPopulationCollected(boolean collected) {
    LearnedState.setPopulationCollected(state(), collected);
  }

  /** The inference configuration chosen for this layer; {@link BlnCalls#inferringFrom} overrides it for a call. */
  public StatisticSources inference() {
    return LearnedState.inference(state());
  }

  public void setInference(StatisticSources inference) {
    LearnedState.setInference(state(), inference);
  }

  private INDArray state() {
    if (!layerConf().hasPopulationStatistics()) {
      throw new IllegalStateException(layerId() + " normalises with feature statistics alone: it has no learned state");
    }
    return getParam(STATE);
  }

  /** The input in the kernel's {@code [m, d, P]} order, after checking it fits the configured layout. */
  public double[] canonical(INDArray input) {
    BatchLayerNormalization conf = layerConf();
    if (maskArray != null) {
      throw new UnsupportedOperationException(layerId() + ": masked input is not supported, since padded steps "
          + "would enter the statistics; pad to a fixed length without a mask");
    }
    InputLayout layout = conf.getInputLayout();
    long[] shape = input.shape();
    long positions = 1;
    for (int axis = 1; axis < shape.length; axis++) {
      positions *= axis == layout.channelAxis() ? 1 : shape[axis];
    }
    if (input.rank() != layout.rank() || shape[layout.channelAxis()] != conf.getNIn()
        || positions != conf.getPositions()) {
      throw new IllegalArgumentException(layerId() + ": expected " + layout + " input with " + conf.getNIn()
          + " features and " + conf.getPositions() + " positions, got shape " + Arrays.toString(shape));
    }
    if (shape[0] == 0) {
      throw new IllegalArgumentException(layerId() + ": empty mini-batch");
    }
    return layout.toCanonical(input);
  }

  private static BlnKernel.Statistics miniBatchStatistics(double[] x, NormalizationShape shape) {
    return BlnKernel.moments(x, shape).statistics();
  }

  private BlnKernel.Statistics inferenceStatistics(double[] x, NormalizationShape shape, StatisticSources from) {
    if (from.usesPopulation() && !isPopulationCollected()) {
      throw new IllegalStateException(layerId() + ": inference configuration " + from + " reads population "
          + "statistics, which were never collected; run PopulationStatisticsCollector.fill after training, or "
          + "use StatisticSources.ALL_MINI_BATCH (BBBB)");
    }
    // Only configurations that read the mini-batch pay for its moments.
    BlnKernel.Statistics miniBatch = from.usesMiniBatch() ? miniBatchStatistics(x, shape) : null;
    return new BlnKernel.Statistics(
        from.batchMeanFromPopulation() ? NdArrays.toDoubles(getParam(BATCH_MEAN)) : miniBatch.batchMean(),
        from.batchVarFromPopulation() ? NdArrays.toDoubles(getParam(BATCH_VAR)) : miniBatch.batchVar(),
        from.featureMeanFromPopulation() ? perFeatureGroup(FEATURE_MEAN, shape) : miniBatch.featureMean(),
        from.featureVarFromPopulation() ? perFeatureGroup(FEATURE_VAR, shape) : miniBatch.featureVar());
  }

  /** A population feature statistic, which has one value per position, repeated for every sample. */
  private double[] perFeatureGroup(String param, NormalizationShape shape) {
    double[] population = NdArrays.toDoubles(getParam(param));
    double[] perGroup = new double[shape.featureGroups()];
    for (int g = 0; g < perGroup.length; g++) {
      perGroup[g] = population[shape.featurePositionOf(g)];
    }
    return perGroup;
  }

  @Override
  public boolean updaterDivideByMinibatch(String paramName) {
    return !BatchLayerNormalizationParamInitializer.isUntrained(paramName);
  }
}
