package org.blnspark.model.onnx;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.inputs.InputType;

/** The padding of a sliding window (a convolution or a pool) as DL4J applies it, as ONNX's explicit pads. */
final class Windows {
  private Windows() {}

  /**
   * ONNX's {@code pads} (top, left, bottom, right). {@link ConvolutionMode#Same} pads as
   * TensorFlow does, the odd pixel at the bottom and right: the output is {@code ceil(in/stride)};
   * {@code Truncate} and {@code Strict} pad the configured amount on both sides.
   */
  static long[] pads(String owner, ConvolutionMode mode, InputType.InputTypeConvolutional in, int[] kernel,
                     int[] stride, int[] padding, int[] dilation) {
    return switch (mode) {
      case Same -> {
        long[] size = {in.getHeight(), in.getWidth()};
        long[] pads = new long[4];
        for (int axis = 0; axis < 2; axis++) {
          long out = (size[axis] + stride[axis] - 1) / stride[axis];
          long total = Math.max(0, (out - 1) * stride[axis] + (long) (kernel[axis] - 1) * dilation[axis] + 1
              - size[axis]);
          pads[axis] = total / 2;
          pads[axis + 2] = total - total / 2;
        }
        yield pads;
      }
      case Truncate, Strict -> new long[] {padding[0], padding[1], padding[0], padding[1]};
      default -> throw new UnsupportedNetworkException(owner + ": convolution mode " + mode
          + " has no ONNX translation");
    };
  }
}
