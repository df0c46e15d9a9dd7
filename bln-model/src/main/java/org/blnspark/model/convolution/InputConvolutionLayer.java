package org.blnspark.model.convolution;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The runtime side of {@link InputConvolution}. As a layered network's first layer it returns no
 * input gradient: DL4J's backward pass of a convolution always computes one, and for LeNet's first
 * convolution (1 → 6 channels, 28 × 28, 5 × 5) libnd4j's oneDNN {@code conv2d_bp} took 13.5 ms of a
 * 36 ms training step, against 3.8 ms for PyTorch's weight gradient alone (docs/benchmarks.md, "The
 * anchor"). The weight gradient is DL4J's own built-in arithmetic, im2col and one GEMM, which for so
 * few input channels is a small product; the input gradient it returns is zeros. Anywhere else, or on
 * channels-last input, the layer is DL4J's convolution unchanged.
 */
public class InputConvolutionLayer extends ConvolutionLayer {
  public InputConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    // A graph numbers its input vertices first, so index 0 is a layered network's first layer only.
    if (getIndex() != 0 || layerConf().getCnn2dDataFormat() != CNN2DFormat.NCHW) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    assertInputSet(true);
    INDArray weights = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, workspaceMgr);
    INDArray x = input.castTo(dataType);
    long miniBatch = x.size(0);
    long outChannels = weights.size(0);
    long inChannels = weights.size(1);
    int kH = (int) weights.size(2);
    int kW = (int) weights.size(3);
    int[] kernel = layerConf().getKernelSize();
    int[] strides = layerConf().getStride();
    int[] dilation = layerConf().getDilation();
    ConvolutionMode mode = layerConf().getConvolutionMode();
    int[] pad;
    int[] outSize;
    if (mode == ConvolutionMode.Same) {
      outSize = ConvolutionUtils.getOutputSize(x, kernel, strides, null, mode, dilation, CNN2DFormat.NCHW);
      pad = ConvolutionUtils.getSameModeTopLeftPadding(outSize, new int[] {(int) x.size(2), (int) x.size(3)}, kernel,
          strides, dilation);
    } else {
      pad = layerConf().getPadding();
      outSize = ConvolutionUtils.getOutputSize(x, kernel, strides, pad, mode, dilation, CNN2DFormat.NCHW);
    }
    int outH = outSize[0];
    int outW = outSize[1];

    INDArray preOutput = preOutput4d(true, true, workspaceMgr).getFirst();
    INDArray delta = layerConf().getActivationFn().backprop(preOutput, epsilon.castTo(dataType)).getFirst();
    // Per example, [out, outH·outW] against its patches [in·kH·kW, outH·outW], then summed over the
    // batch. im2col writes its own row-major layout and the batched product reads both operands as
    // they lie: libnd4j's generic paths for permuted arrays were slower than the oneDNN backward.
    long positions = (long) outH * outW;
    INDArray delta3d = delta.reshape('c', miniBatch, outChannels, positions);
    INDArray columns = Nd4j.createUninitialized(dataType, new long[] {miniBatch, inChannels, kH, kW, outH, outW}, 'c');
    Convolution.im2col(x, kH, kW, strides[0], strides[1], pad[0], pad[1], dilation[0], dilation[1],
        mode == ConvolutionMode.Same, columns);
    INDArray perExample = Nd4j.matmul(delta3d, columns.reshape('c', miniBatch, inChannels * kH * kW, positions),
        false, true, false);
    INDArray weightGradient = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
    perExample.sum(Shape.newShapeNoCopy(weightGradient, new long[] {outChannels, inChannels * kH * kW}, false), 0);

    Gradient gradient = new DefaultGradient();
    if (layerConf().hasBias()) {
      INDArray biasGradient = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
      // Not delta.sum(biasGradient, 0, 2, 3): libnd4j M2 corrupts the heap writing that reduction into a [1, out] view.
      biasGradient.assign(delta.sum(0, 2, 3).reshape(biasGradient.shape()));
      gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGradient);
    }
    gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGradient, 'c');
    weightNoiseParams.clear();
    // Zeros where the input gradient would be: DL4J still passes it through the input's preprocessor
    // (LeNet's reshape of flat images), which refuses null.
    return new Pair<>(gradient, workspaceMgr.create(ArrayType.ACTIVATION_GRAD, dataType, input.shape(), 'c'));
  }
}
