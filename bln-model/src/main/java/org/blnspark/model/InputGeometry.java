package org.blnspark.model;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * What a BLN layer reads from the network's {@link InputType}: the layout, the number of features
 * or channels, and the positions per feature (1, T, or H·W).
 */
record InputGeometry(InputLayout layout, long features, long positions) {
  /**
   * The geometry of an input type, or a clear error for one the layer cannot normalise. A
   * recurrent type needs its length, since the population statistics hold one value per time step.
   *
   * @param layer the layer's description, for the messages
   */
  static InputGeometry of(InputType inputType, String layer) {
    if (inputType == null) {
      throw new IllegalStateException(layer + ": the network needs an InputType (setInputType) to infer nIn");
    }
    switch (inputType.getType()) {
      case FF:
        return new InputGeometry(InputLayout.DENSE, ((InputType.InputTypeFeedForward) inputType).getSize(), 1);
      case RNN: {
        InputType.InputTypeRecurrent rnn = (InputType.InputTypeRecurrent) inputType;
        if (rnn.getTimeSeriesLength() <= 0) {
          throw new IllegalStateException(layer + ": recurrent input needs a fixed sequence length, since the "
              + "population statistics hold one value per time step; use InputType.recurrent(size, length)");
        }
        return new InputGeometry(rnn.getFormat() == RNNFormat.NWC ? InputLayout.NWC : InputLayout.NCW, rnn.getSize(),
            rnn.getTimeSeriesLength());
      }
      case CNN: {
        InputType.InputTypeConvolutional cnn = (InputType.InputTypeConvolutional) inputType;
        return new InputGeometry(cnn.getFormat() == CNN2DFormat.NHWC ? InputLayout.NHWC : InputLayout.NCHW,
            cnn.getChannels(), cnn.getHeight() * cnn.getWidth());
      }
      default:
        throw new IllegalStateException(layer + ": unsupported input " + inputType
            + "; supported are dense [m,d], recurrent [m,d,T] and convolutional [m,C,H,W]");
    }
  }
}
