package org.blnspark.model;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.blnspark.model.kernel.MixingWeights;
import org.blnspark.model.kernel.NormalizationShape;

/**
 * Configuration of a Batch Layer Normalization layer (Ziaee & Çano, 2022) for DL4J.
 *
 * <p>Dense {@code [m, d]}, recurrent {@code [m, d, T]} (NCW or NWC) and convolutional
 * {@code [m, C, H, W]} (NCHW or NHWC) inputs are accepted; the layout, {@code d} and the number of
 * positions are taken from the network's {@link InputType}. The layer has trainable {@code gamma}
 * and {@code beta} and four population statistics that are parameters only so that they serialize
 * with the model: they are never updated by the optimiser. Fill them with
 * the statistics pass, {@code statistics.PopulationStatisticsCollector}.
 */
public class BatchLayerNormalization extends FeedForwardLayer {
  private static final long serialVersionUID = 1L;

  public static final double DEFAULT_EPS = 1e-3;

  private double eps = DEFAULT_EPS;
  private StatisticsAxes axes = StatisticsAxes.REFERENCE;
  private Mixing mixing = Mixing.BATCH_LAYER;
  /** The inference configuration of a new layer, until one is chosen (see {@link LearnedState}). */
  private StatisticSources initialInference = StatisticSources.REFERENCE_DEFAULT;
  /** The training batch size of a new layer, for one trained elsewhere; 0 until training records it. */
  private int initialTrainingBatchSize;
  private InputLayout inputLayout = InputLayout.DENSE;
  private long positions = 1;

  /** For JSON deserialization. */
  public BatchLayerNormalization() {
    this(new Builder());
  }

  private BatchLayerNormalization(Builder builder) {
    super(builder);
    this.eps = builder.eps;
    this.axes = builder.axes;
    this.mixing = builder.mixing;
    this.initialInference = builder.inference;
    this.initialTrainingBatchSize = builder.trainingBatchSize;
  }

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                           INDArray paramsView, boolean initializeParams, DataType dataType) {
    return RuntimeLayers.wire(new BatchLayerNormalizationLayer(conf, dataType), conf, listeners, layerIndex, paramsView,
        initializeParams);
  }

  @Override
  public ParamInitializer initializer() {
    return BatchLayerNormalizationParamInitializer.getInstance();
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    InputGeometry.of(inputType, describe());
    return inputType;
  }

  @Override
  public void setNIn(InputType inputType, boolean override) {
    InputGeometry geometry = InputGeometry.of(inputType, describe());
    if (nIn > 0 && !override) {
      return;
    }
    inputLayout = geometry.layout();
    nIn = geometry.features();
    positions = geometry.positions();
    nOut = nIn;
  }

  private String describe() {
    return "BatchLayerNormalization" + (layerName == null ? "" : " '" + layerName + "'");
  }

  /** No preprocessor: unlike a dense layer, the layer keeps convolutional and recurrent input as it is. */
  @Override
  public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
    return null;
  }

  @Override
  public List<Regularization> getRegularizationByParam(String paramName) {
    return Collections.emptyList();
  }

  @Override
  public IUpdater getUpdaterByParam(String paramName) {
    return BatchLayerNormalizationParamInitializer.isUntrained(paramName) ? new NoOp() : iUpdater;
  }

  @Override
  public LayerMemoryReport getMemoryReport(InputType inputType) {
    long perExample = inputType.arrayElementsPerExample();
    return new LayerMemoryReport.Builder(layerName, BatchLayerNormalization.class, inputType, inputType)
        .standardMemory(initializer().numParams(this), 2 * nOut)
        // The forward pass keeps both normalised inputs for the backward pass.
        .workingMemory(0, perExample, 0, 3 * perExample)
        .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
        .build();
  }

  @Override
  public BatchLayerNormalization clone() {
    return (BatchLayerNormalization) super.clone();
  }

  /** The statistics geometry of a mini-batch of {@code m} examples. */
  public NormalizationShape shapeFor(int m) {
    boolean conventional = axes == StatisticsAxes.CONVENTIONAL;
    return new NormalizationShape(m, Math.toIntExact(nIn), Math.toIntExact(positions), conventional,
        conventional && inputLayout.isConvolutional());
  }

  /** The mixing weights for a mini-batch of {@code m} examples. */
  MixingWeights mixingWeights(int m) {
    return mixing == Mixing.LAYER ? MixingWeights.LAYER_ONLY : MixingWeights.batchLayer(m, nIn);
  }

  public double getEps() {
    return eps;
  }

  public void setEps(double eps) {
    this.eps = requirePositiveEps(eps);
  }

  public StatisticsAxes getAxes() {
    return axes;
  }

  public void setAxes(StatisticsAxes axes) {
    this.axes = axes;
  }

  public Mixing getMixing() {
    return mixing;
  }

  public void setMixing(Mixing mixing) {
    this.mixing = mixing;
  }

  /** The inference configuration a new layer starts with; the layer's own choice is its learned state. */
  public StatisticSources getInitialInference() {
    return initialInference;
  }

  public void setInitialInference(StatisticSources initialInference) {
    this.initialInference = initialInference;
  }

  /** The training batch size a new layer starts with: 0, unless it was trained elsewhere. */
  public int getInitialTrainingBatchSize() {
    return initialTrainingBatchSize;
  }

  public void setInitialTrainingBatchSize(int initialTrainingBatchSize) {
    this.initialTrainingBatchSize = requireTrainingBatchSize(initialTrainingBatchSize);
  }

  public InputLayout getInputLayout() {
    return inputLayout;
  }

  public void setInputLayout(InputLayout inputLayout) {
    this.inputLayout = inputLayout;
  }

  public long getPositions() {
    return positions;
  }

  public void setPositions(long positions) {
    this.positions = positions;
  }

  /** True when the layer holds population statistics; layer normalisation ({@link Mixing#LAYER}) needs none. */
  public boolean hasPopulationStatistics() {
    return mixing == Mixing.BATCH_LAYER;
  }

  private static int requireTrainingBatchSize(int trainingBatchSize) {
    if (trainingBatchSize < 0) {
      throw new IllegalArgumentException("training batch size must be positive, got " + trainingBatchSize);
    }
    return trainingBatchSize;
  }

  private static double requirePositiveEps(double eps) {
    if (!(eps > 0) || Double.isInfinite(eps)) {
      throw new IllegalArgumentException("eps must be a positive finite number, got " + eps);
    }
    return eps;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof BatchLayerNormalization other) || !super.equals(o)) {
      return false;
    }
    return eps == other.eps && axes == other.axes && mixing == other.mixing
        && initialInference.equals(other.initialInference) && initialTrainingBatchSize == other.initialTrainingBatchSize
        && inputLayout == other.inputLayout && positions == other.positions;
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), eps, axes, mixing, initialInference, initialTrainingBatchSize, inputLayout,
        positions);
  }

  /** Builds a {@link BatchLayerNormalization}; every setting has the paper's default. */
  public static class Builder extends FeedForwardLayer.Builder<Builder> {
    private double eps = DEFAULT_EPS;
    private StatisticsAxes axes = StatisticsAxes.REFERENCE;
    private Mixing mixing = Mixing.BATCH_LAYER;
    private StatisticSources inference = StatisticSources.REFERENCE_DEFAULT;
    private int trainingBatchSize;

    /** Added to every variance inside the square root; default 1e-3. */
    public Builder eps(double eps) {
      this.eps = eps;
      return this;
    }

    public Builder axes(StatisticsAxes axes) {
      this.axes = Objects.requireNonNull(axes, "axes");
      return this;
    }

    public Builder mixing(Mixing mixing) {
      this.mixing = Objects.requireNonNull(mixing, "mixing");
      return this;
    }

    /**
     * Where each statistic comes from at inference until a configuration is chosen; default
     * {@link StatisticSources#REFERENCE_DEFAULT}.
     */
    public Builder inference(StatisticSources inference) {
      this.inference = Objects.requireNonNull(inference, "inference");
      return this;
    }

    /**
     * The mini-batch size whose mixing weights inference uses, until training records its own;
     * set it when the network was trained elsewhere.
     */
    public Builder trainingBatchSize(int trainingBatchSize) {
      this.trainingBatchSize = trainingBatchSize;
      return this;
    }

    @Override
    public BatchLayerNormalization build() {
      requirePositiveEps(eps);
      requireTrainingBatchSize(trainingBatchSize);
      if (nOut > 0 && nIn > 0 && nOut != nIn) {
        throw new IllegalArgumentException("nOut must equal nIn for a normalisation layer, got nIn=" + nIn
            + " nOut=" + nOut);
      }
      if (nIn > 0) {
        nOut = nIn;
      }
      return new BatchLayerNormalization(this);
    }
  }
}
