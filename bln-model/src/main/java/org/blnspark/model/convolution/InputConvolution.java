package org.blnspark.model.convolution;

import java.util.Collection;
import org.blnspark.model.RuntimeLayers;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's convolution as a network's first layer, configured exactly as {@link ConvolutionLayer}
 * is: its backward pass computes the weight and bias gradients and no input gradient, which
 * nothing reads there (see {@link InputConvolutionLayer}). Models saved with DL4J's own class keep
 * loading as they were.
 */
public class InputConvolution extends ConvolutionLayer {
  /** For Jackson, which reads the fields of a saved configuration. */
  protected InputConvolution() {}

  private InputConvolution(Builder builder) {
    super(builder);
  }

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                           INDArray paramsView, boolean initializeParams, DataType dataType) {
    LayerValidation.assertNInNOutSet("InputConvolution", getLayerName(), layerIndex, getNIn(), getNOut());
    return RuntimeLayers.wire(new InputConvolutionLayer(conf, dataType), conf, listeners, layerIndex, paramsView,
        initializeParams);
  }

  @Override
  public InputConvolution clone() {
    return (InputConvolution) super.clone();
  }

  /** DL4J's convolution builder, building an {@link InputConvolution}. */
  public static final class Builder extends ConvolutionLayer.Builder {
    public Builder(int... kernelSize) {
      super(kernelSize);
    }

    /** DL4J's checks of the settings, then the layer. */
    @Override
    @SuppressWarnings("unchecked")
    public InputConvolution build() {
      super.build();
      return new InputConvolution(this);
    }
  }
}
