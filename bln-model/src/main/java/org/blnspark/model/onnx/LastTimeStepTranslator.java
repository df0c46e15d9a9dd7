package org.blnspark.model.onnx;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;

/**
 * The last step of a wrapped LSTM's outputs, {@code [m, H]}. Sequences are padded at the front,
 * so the last step is the last real one with or without a padding mask, as DL4J's last real
 * step under the mask.
 */
final class LastTimeStepTranslator implements LayerTranslator {
  @Override
  public String translate(org.deeplearning4j.nn.conf.layers.Layer configuration, Layer layer, Value input,
                          Translation t) {
    LastTimeStep conf = (LastTimeStep) configuration;
    if (!(conf.getUnderlying() instanceof LSTM lstm) || lstm.getClass() != LSTM.class) {
      throw new UnsupportedNetworkException(Translation.describe(configuration) + ": its wrapped layer "
          + conf.getUnderlying().getClass().getSimpleName() + " has no ONNX translation");
    }
    String sequence = LstmTranslator.translate(lstm, conf.getLayerName(), layer, input, t, t.paddingMasked);
    OnnxGraph g = t.graph;
    long steps = LstmTranslator.steps(input);
    return g.node("Gather", conf.getLayerName(), OnnxGraph.of(sequence,
        g.longs("last_step", new long[0], new long[] {steps - 1})),
        OnnxGraph.attribute("axis", lstm.getRnnDataFormat() == RNNFormat.NWC ? 1L : 2L));
  }
}
