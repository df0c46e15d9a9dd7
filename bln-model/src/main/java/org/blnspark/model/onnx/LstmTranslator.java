package org.blnspark.model.onnx;

import java.util.List;
import org.blnspark.model.onnx.proto.OnnxMl.TensorProto;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.params.LSTMParamInitializer;

/**
 * DL4J's LSTM (no peepholes) as ONNX's LSTM, from zero states. DL4J keeps the four blocks of its
 * weights {@code W [nIn, 4H]}, {@code RW [H, 4H]} and {@code b [1, 4H]} in the order block input,
 * forget gate, output gate, input gate; ONNX wants them transposed, in the order input gate,
 * output gate, forget gate, block input ("iofc").
 *
 * <p>Under the padding mask ({@link Translation#paddingMasked}), DL4J M2 gives an LSTM layer no
 * mask: its {@code feedForwardMaskArray} passes the mask on without keeping it, so the LSTM runs
 * through the padded steps, where the embedding and BLN before it write 0. An LSTM wrapped in
 * {@code LastTimeStep} does get it (the wrapper sets it on the wrapped layer), and zeroes its
 * states at every padded step, so that each example starts at its first real step; that one is
 * exported with ONNX's {@code sequence_lens}. Both were read from DL4J M2's classes and are checked
 * by {@code TextModelExportTest} and {@code PaddingInvarianceTest}.
 */
final class LstmTranslator implements LayerTranslator {
  /** ONNX's gate order as indices of DL4J's blocks. */
  private static final int[] ONNX_FROM_DL4J = {3, 2, 1, 0};

  @Override
  public String translate(org.deeplearning4j.nn.conf.layers.Layer configuration, Layer layer, Value input,
                          Translation t) {
    return translate((LSTM) configuration, configuration.getLayerName(), layer, input, t, false);
  }

  /**
   * The LSTM {@code conf}, named {@code name}, with the parameters of {@code params}, which may
   * wrap it; a wrapped LSTM has no name of its own.
   *
   * @param masked the LSTM was given the padding mask, so that each example starts at its first
   *     real step from zero states (see the class comment for which LSTMs DL4J M2 gives it to)
   */
  static String translate(LSTM conf, String name, Layer params, Value input, Translation t, boolean masked) {
    String owner = "layer '" + name + "' (LSTM)";
    int nIn = Math.toIntExact(conf.getNIn());
    int hidden = Math.toIntExact(conf.getNOut());
    float[] w = Translation.floats(params, LSTMParamInitializer.INPUT_WEIGHT_KEY);
    float[] rw = Translation.floats(params, LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
    float[] b = Translation.floats(params, LSTMParamInitializer.BIAS_KEY);
    OnnxGraph g = t.graph;
    boolean stepsLast = conf.getRnnDataFormat() != RNNFormat.NWC;
    String weights = g.floats("lstm_W", Translation.dims(1, 4L * hidden, nIn), gates(w, nIn, hidden));
    String recurrent = g.floats("lstm_R", Translation.dims(1, 4L * hidden, hidden), gates(rw, hidden, hidden));
    float[] bias = new float[8 * hidden];
    System.arraycopy(gates(b, 1, hidden), 0, bias, 0, 4 * hidden);
    String biases = g.floats("lstm_B", Translation.dims(1, 8L * hidden), bias);

    String timeMajor = g.node("Transpose", name + "_time_major", OnnxGraph.of(input.name()),
        OnnxGraph.attribute("perm", stepsLast ? new long[] {2, 0, 1} : new long[] {1, 0, 2}));
    String gate = Activations.recurrentName(conf.getGateActivationFn(), owner);
    String cell = Activations.recurrentName(conf.getActivationFn(), owner);
    List<String> inputs = OnnxGraph.of(timeMajor, weights, recurrent, biases);
    if (masked) {
      inputs.set(0, t.realStepsFirst(timeMajor));
      inputs.add(g.node("Cast", name + "_lengths", OnnxGraph.of(t.sequenceLengths()),
          OnnxGraph.attribute("to", (long) TensorProto.DataType.INT32.getNumber())));
    }
    String y = g.node("LSTM", name + "_y", inputs, OnnxGraph.attribute("hidden_size", (long) hidden),
        OnnxGraph.attribute("activations", gate, cell, cell));
    String outputs = g.node("Squeeze", name + "_steps", OnnxGraph.of(y, g.longs("axis", 1)));
    if (masked) {
      outputs = t.realStepsLast(outputs);
    }
    return g.node("Transpose", name, OnnxGraph.of(outputs),
        OnnxGraph.attribute("perm", stepsLast ? new long[] {1, 2, 0} : new long[] {1, 0, 2}));
  }

  /**
   * DL4J's {@code [rows, 4H]} weights, blocks in DL4J's order, as ONNX's {@code [4H, rows]}, blocks
   * in ONNX's order.
   */
  private static float[] gates(float[] dl4j, int rows, int hidden) {
    float[] onnx = new float[dl4j.length];
    for (int gate = 0; gate < 4; gate++) {
      int block = ONNX_FROM_DL4J[gate];
      for (int h = 0; h < hidden; h++) {
        for (int r = 0; r < rows; r++) {
          onnx[(gate * hidden + h) * rows + r] = dl4j[r * 4 * hidden + block * hidden + h];
        }
      }
    }
    return onnx;
  }

  /** The steps of the LSTM's input, for the last-step layer. */
  static long steps(Value input) {
    return ((InputType.InputTypeRecurrent) input.type()).getTimeSeriesLength();
  }
}
