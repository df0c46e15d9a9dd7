package org.blnspark.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.blnspark.model.kernel.NormalizationShape;

/**
 * Lays out a {@link BatchLayerNormalization} layer's parameters in its flat parameter view:
 * {@code gamma} and {@code beta} ({@code [1, d]}, trained), then the four population statistics
 * and the layer's {@link LearnedState}, which are parameters only so that they serialize and
 * travel with the model, as DL4J's BatchNormalization keeps its running statistics.
 */
public final class BatchLayerNormalizationParamInitializer implements ParamInitializer {
  public static final String GAMMA = "gamma";
  public static final String BETA = "beta";
  public static final String BATCH_MEAN = "batchMean";
  public static final String BATCH_VAR = "batchVar";
  public static final String FEATURE_MEAN = "featureMean";
  public static final String FEATURE_VAR = "featureVar";
  /** The {@link LearnedState}: training batch size, whether statistics were collected, the inference choice. */
  public static final String STATE = "state";

  private static final BatchLayerNormalizationParamInitializer INSTANCE = new BatchLayerNormalizationParamInitializer();

  private BatchLayerNormalizationParamInitializer() {}

  public static BatchLayerNormalizationParamInitializer getInstance() {
    return INSTANCE;
  }

  /** True for the parameters no optimiser touches: the population statistics and the learned state. */
  static boolean isUntrained(String paramName) {
    return !GAMMA.equals(paramName) && !BETA.equals(paramName);
  }

  @Override
  public long numParams(NeuralNetConfiguration conf) {
    return numParams(conf.getLayer());
  }

  @Override
  public long numParams(Layer layer) {
    long total = 0;
    for (long length : lengths((BatchLayerNormalization) layer).values()) {
      total += length;
    }
    return total;
  }

  /** Each parameter's length, in the order of the flat view. */
  private static Map<String, Long> lengths(BatchLayerNormalization layer) {
    Map<String, Long> lengths = new LinkedHashMap<>();
    lengths.put(GAMMA, layer.getNIn());
    lengths.put(BETA, layer.getNIn());
    if (layer.hasPopulationStatistics()) {
      NormalizationShape shape = layer.shapeFor(1);
      lengths.put(BATCH_MEAN, (long) shape.batchGroups());
      lengths.put(BATCH_VAR, (long) shape.batchGroups());
      lengths.put(FEATURE_MEAN, (long) shape.featurePositions());
      lengths.put(FEATURE_VAR, (long) shape.featurePositions());
      lengths.put(STATE, (long) LearnedState.LENGTH);
    }
    return lengths;
  }

  @Override
  public List<String> paramKeys(Layer layer) {
    return new ArrayList<>(lengths((BatchLayerNormalization) layer).keySet());
  }

  @Override
  public List<String> weightKeys(Layer layer) {
    return Collections.emptyList();
  }

  @Override
  public List<String> biasKeys(Layer layer) {
    return Collections.emptyList();
  }

  @Override
  public boolean isWeightParam(Layer layer, String key) {
    return false;
  }

  @Override
  public boolean isBiasParam(Layer layer, String key) {
    return false;
  }

  @Override
  public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
    Map<String, INDArray> params = Collections.synchronizedMap(views(conf, paramsView));
    for (Map.Entry<String, INDArray> param : params.entrySet()) {
      if (initializeParams) {
        if (STATE.equals(param.getKey())) {
          LearnedState.initialise(param.getValue(), (BatchLayerNormalization) conf.getLayer());
        } else {
          param.getValue().assign(initialValue(param.getKey()));
        }
      }
      conf.addVariable(param.getKey());
    }
    return params;
  }

  /** γ starts at 1 and β at 0; the variances at 1 and the means at 0, a harmless stand-in until collected. */
  private static double initialValue(String paramName) {
    return GAMMA.equals(paramName) || BATCH_VAR.equals(paramName) || FEATURE_VAR.equals(paramName) ? 1 : 0;
  }

  @Override
  public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
    return views(conf, gradientView);
  }

  /** The untrained parameters of a flattened parameter or gradient array: one block after γ and β. */
  static INDArray untrained(BatchLayerNormalization layer, INDArray flat) {
    long start = 2L * layer.getNIn();
    return flat.get(NDArrayIndex.interval(0, 1), NDArrayIndex.interval(start, flat.length()));
  }

  private static Map<String, INDArray> views(NeuralNetConfiguration conf, INDArray flat) {
    Map<String, INDArray> views = new LinkedHashMap<>();
    long offset = 0;
    for (Map.Entry<String, Long> param : lengths((BatchLayerNormalization) conf.getLayer()).entrySet()) {
      long length = param.getValue();
      views.put(param.getKey(), flat.get(NDArrayIndex.interval(0, 1), NDArrayIndex.interval(offset, offset + length)));
      offset += length;
    }
    return views;
  }
}
