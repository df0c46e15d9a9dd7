package org.blnspark.model.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A small residual CNN, as a ComputationGraph, with a normalisation after every convolution, on the
 * main path and on the projection shortcut alike:
 * <pre>
 *   stem:    conv 8@3×3 → norm → relu → maxpool 2×2
 *   block 1: conv 8@3×3 → norm → relu → conv 8@3×3 → norm, + stem (identity) → relu
 *   block 2: conv 16@3×3 /2 → norm → relu → conv 16@3×3 → norm,
 *            + (conv 16@1×1 /2 → norm) → relu
 *   head:    global average pool → softmax
 * </pre>
 * On 28×28 images it has about 6,000 parameters. With {@link Normalization#NONE} the convolutions
 * feed the next vertex directly.
 */
public final class ResidualCnn {
  private final ComputationGraphConfiguration.GraphBuilder graph;
  private final ModelSettings settings;

  private ResidualCnn(ModelSettings settings) {
    this.settings = settings;
    this.graph = new NeuralNetConfiguration.Builder().seed(settings.seed()).weightInit(WeightInit.RELU)
        .updater(settings.adam()).convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("input");
  }

  /** The network for flat rows of {@code height × width × channels} pixels. */
  public static ComputationGraphConfiguration configuration(ModelSettings settings, int height, int width,
                                                            int channels) {
    ResidualCnn net = new ResidualCnn(settings);
    String stem = net.relu("stem", net.convolution("stem", "input", 8, 3, 1));
    net.graph.addLayer("stem-pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
        .build(), stem);
    String block1 = net.block("block1", "stem-pool", 8, 1, "stem-pool");
    String shortcut = net.convolution("block2-shortcut", block1, 16, 1, 2);
    String block2 = net.block("block2", block1, 16, 2, shortcut);
    net.graph.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), block2);
    net.graph.addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(settings.classes())
        .activation(Activation.SOFTMAX).build(), "pool");
    return net.graph.setOutputs("output").setInputTypes(InputType.convolutionalFlat(height, width, channels))
        .build();
  }

  /** Two normalised convolutions added to {@code shortcut}, then a ReLU; returns the block's output vertex. */
  private String block(String name, String input, int channels, int stride, String shortcut) {
    String first = relu(name + "-a", convolution(name + "-a", input, channels, 3, stride));
    String second = convolution(name + "-b", first, channels, 3, 1);
    graph.addVertex(name + "-add", new ElementWiseVertex(ElementWiseVertex.Op.Add), second, shortcut);
    return relu(name, name + "-add");
  }

  /** A convolution without bias (the normalisation that follows has its own shift), then its normalisation. */
  private String convolution(String name, String input, int channels, int kernel, int stride) {
    graph.addLayer(name + "-conv", new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride)
        .nOut(channels).hasBias(settings.normalization() == Normalization.NONE).activation(Activation.IDENTITY)
        .build(), input);
    Layer norm = settings.normalization().newLayer(settings.axes(), settings.eps(), settings.bnDecay());
    if (norm == null) {
      return name + "-conv";
    }
    graph.addLayer(name + "-norm", norm, name + "-conv");
    return name + "-norm";
  }

  private String relu(String name, String input) {
    graph.addLayer(name + "-relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), input);
    return name + "-relu";
  }
}
