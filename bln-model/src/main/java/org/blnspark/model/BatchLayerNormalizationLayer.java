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
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.blnspark.model.kernel.BlnKernel;
import org.blnspark.model.kernel.Elements;
import org.blnspark.model.kernel.MixingWeights;
import org.blnspark.model.kernel.NdArrays;
import org.blnspark.model.kernel.NormalizationShape;

/**
 * The runtime side of {@link BatchLayerNormalization}: forward and backward passes, and the
 * layer's {@link LearnedState}, which it keeps in its {@code state} parameter and never in its
 * configuration.
 */
public class BatchLayerNormalizationLayer extends BaseLayer<BatchLayerNormalization> {
  /** Works on this layer's calls only, and keeps its per-group arrays between them. */
  private final transient BlnKernel kernel = new BlnKernel();
  /** The last training forward pass, kept for the backward pass; the input itself is the layer's. */
  private TrainingPass lastPass;

  private record TrainingPass(NormalizationShape shape, double[] mask, MixingWeights weights, double[] gamma,
                              BlnKernel.Statistics statistics) {}

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
    INDArray x = canonical(input);
    double[] mask = canonicalMask();
    NormalizationShape shape = conf.shapeFor((int) input.size(0));
    Elements values = Elements.of(x);
    BlnKernel.Statistics stats;
    if (training || conf.getMixing() == Mixing.LAYER) {
      BlnKernel.GroupMoments moments = kernel.moments(values, mask, shape);
      LayerInputObserver observer = BlnCalls.observer();
      if (training && observer != null && conf.hasPopulationStatistics()) {
        observer.observe(conf.getLayerName(), moments, shape);
      }
      stats = moments.statistics();
    } else {
      stats = inferenceStatistics(values, mask, shape, BlnCalls.inference() != null ? BlnCalls.inference()
          : inference());
    }
    int weightsBatchSize = training || trainingBatchSize() == 0 ? shape.m() : trainingBatchSize();
    MixingWeights weights = conf.mixingWeights(weightsBatchSize);
    double[] gamma = NdArrays.toDoubles(getParam(GAMMA));
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape(),
        values.order().ordering());
    kernel.forward(values, mask, shape, stats, weights, conf.getEps(), gamma, NdArrays.toDoubles(getParam(BETA)),
        Elements.of(out));
    lastPass = training ? new TrainingPass(shape, mask, weights, gamma, stats) : null;
    return conf.getInputLayout().fromCanonical(out, workspaceMgr, ArrayType.ACTIVATIONS);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    if (lastPass == null) {
      throw new IllegalStateException(layerId() + ": backpropagation needs a training-mode forward pass first");
    }
    BatchLayerNormalization conf = layerConf();
    Elements x = Elements.of(canonical(input));
    char ordering = x.order().ordering();
    INDArray g = canonical(epsilon);
    if (Elements.orderOf(g) != x.order()) {
      // DL4J hands the gradient over in the order its next layer chose; the kernel reads both alike.
      try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
        g = g.dup(ordering);
      }
    }
    INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, g.dataType(), g.shape(), ordering);
    double[] dGamma = new double[(int) conf.getNIn()];
    double[] dBeta = new double[(int) conf.getNIn()];
    kernel.backward(x, Elements.of(g), lastPass.mask(), lastPass.shape(), lastPass.statistics(), lastPass.weights(),
        conf.getEps(), lastPass.gamma(), Elements.of(dx), dGamma, dBeta);
    recordTrainingBatchSize(lastPass.shape().m());

    Gradient gradient = new DefaultGradient();
    setGradient(gradient, GAMMA, dGamma);
    setGradient(gradient, BETA, dBeta);
    if (conf.hasPopulationStatistics()) {
      // Zero, so that the NoOp updater leaves the statistics and the state alone; one op for the whole block.
      BatchLayerNormalizationParamInitializer.untrained(conf, gradientsFlattened).assign(0);
      for (String statistic : new String[] {BATCH_MEAN, BATCH_VAR, FEATURE_MEAN, FEATURE_VAR, STATE}) {
        gradient.setGradientFor(statistic, gradientViews.get(statistic));
      }
    }
    return new Pair<>(gradient, conf.getInputLayout().fromCanonical(dx, workspaceMgr, ArrayType.ACTIVATION_GRAD));
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
    Arguments.requireAtLeast(1, batchSize, "training batch size");
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

  /**
   * An array of the layer's input shape in the kernel's {@code [m, d, P]} order, row-major:
   * {@code array} itself where it already is, after checking that it fits the configured layout.
   */
  private INDArray canonical(INDArray array) {
    BatchLayerNormalization conf = layerConf();
    InputLayout layout = conf.getInputLayout();
    long[] shape = array.shape();
    long positions = 1;
    for (int axis = 1; axis < shape.length; axis++) {
      positions *= axis == layout.channelAxis() ? 1 : shape[axis];
    }
    if (array.rank() != layout.rank() || shape[layout.channelAxis()] != conf.getNIn()
        || positions != conf.getPositions()) {
      throw new IllegalArgumentException(layerId() + ": expected " + layout + " input with " + conf.getNIn()
          + " features and " + conf.getPositions() + " positions, got shape " + Arrays.toString(shape));
    }
    if (shape[0] == 0) {
      throw new IllegalArgumentException(layerId() + ": empty mini-batch");
    }
    return layout.toCanonical(array);
  }

  /**
   * The mask DL4J set on the layer as {@code [m·P]} weights, or null. Only sequences are masked:
   * DL4J's mask of a recurrent input is {@code [m, T]}, one weight per example and time step.
   */
  private double[] canonicalMask() {
    if (maskArray == null) {
      return null;
    }
    InputLayout layout = layerConf().getInputLayout();
    if (layout != InputLayout.NCW && layout != InputLayout.NWC) {
      throw new UnsupportedOperationException(layerId() + ": masks are supported on sequences only, got a mask of "
          + "shape " + Arrays.toString(maskArray.shape()) + " on " + layout + " input");
    }
    if (maskArray.rank() != 2 || maskArray.size(0) != input.size(0) || maskArray.size(1) != layerConf().getPositions()) {
      throw new IllegalArgumentException(layerId() + ": a sequence mask must be [m, T] = [" + input.size(0) + ", "
          + layerConf().getPositions() + "], got " + Arrays.toString(maskArray.shape()));
    }
    return NdArrays.toDoubles(maskArray);
  }

  private BlnKernel.Statistics inferenceStatistics(Elements x, double[] mask, NormalizationShape shape,
                                                   StatisticSources from) {
    if (from.usesPopulation() && !isPopulationCollected()) {
      throw new IllegalStateException(layerId() + ": inference configuration " + from + " reads population "
          + "statistics, which were never collected; run PopulationStatisticsCollector.fill after training, or "
          + "use StatisticSources.ALL_MINI_BATCH (BBBB)");
    }
    // Only configurations that read the mini-batch pay for its moments.
    BlnKernel.Statistics miniBatch = from.usesMiniBatch() ? kernel.moments(x, mask, shape).statistics() : null;
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
