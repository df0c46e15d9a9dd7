package org.blnspark.model;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Test inputs for each layout: InputType and the move between channels-first and the layout. */
final class Layouts {
  static final int D = 4;
  static final int T = 5;
  static final int H = 3;
  static final int W = 2;

  private Layouts() {}

  static InputType inputType(InputLayout layout) {
    return switch (layout) {
      case DENSE -> InputType.feedForward(D);
      case NCW -> InputType.recurrent(D, T, RNNFormat.NCW);
      case NWC -> InputType.recurrent(D, T, RNNFormat.NWC);
      case NCHW -> InputType.convolutional(H, W, D, CNN2DFormat.NCHW);
      case NHWC -> InputType.convolutional(H, W, D, CNN2DFormat.NHWC);
    };
  }

  static long[] channelsFirstShape(InputLayout layout, int m) {
    return switch (layout.rank()) {
      case 2 -> new long[] {m, D};
      case 3 -> new long[] {m, D, T};
      default -> new long[] {m, D, H, W};
    };
  }

  /** Number of positions (1, T or H·W). */
  static int positions(InputLayout layout) {
    return switch (layout.rank()) {
      case 2 -> 1;
      case 3 -> T;
      default -> H * W;
    };
  }

  static INDArray toLayout(INDArray channelsFirst, InputLayout layout) {
    return switch (layout) {
      case NWC -> channelsFirst.permute(0, 2, 1).dup('c');
      case NHWC -> channelsFirst.permute(0, 2, 3, 1).dup('c');
      default -> channelsFirst;
    };
  }

  static INDArray toChannelsFirst(INDArray x, InputLayout layout) {
    return switch (layout) {
      case NWC -> x.permute(0, 2, 1).dup('c');
      case NHWC -> x.permute(0, 3, 1, 2).dup('c');
      default -> x;
    };
  }
}
