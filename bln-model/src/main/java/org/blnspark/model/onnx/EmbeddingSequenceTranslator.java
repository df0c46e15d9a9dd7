package org.blnspark.model.onnx;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.blnspark.model.onnx.proto.OnnxMl.TensorProto;

/**
 * Token ids {@code [m, T]} (or {@code [m, 1, T]}) to their rows of the embedding matrix W
 * {@code [vocabulary, size]}, plus the bias, through the activation, as a sequence in the layer's
 * output format. Under the padding mask the padded steps are 0, as DL4J writes them.
 */
final class EmbeddingSequenceTranslator implements LayerTranslator {
  @Override
  public String translate(org.deeplearning4j.nn.conf.layers.Layer configuration, Layer layer, Value input,
                          Translation t) {
    EmbeddingSequenceLayer conf = (EmbeddingSequenceLayer) configuration;
    OnnxGraph g = t.graph;
    String name = conf.getLayerName();
    String flat = g.node("Reshape", name + "_ids", OnnxGraph.of(input.name(),
        g.longs("ids_shape", -1, conf.getInputLength())));
    String ids = g.node("Cast", name + "_ids64", OnnxGraph.of(flat),
        OnnxGraph.attribute("to", (long) TensorProto.DataType.INT64.getNumber()));
    String table = g.floats("embedding", Translation.dims(conf.getNIn(), conf.getNOut()),
        Translation.floats(layer, DefaultParamInitializer.WEIGHT_KEY));
    String rows = g.node("Gather", name + "_rows", OnnxGraph.of(table, ids), OnnxGraph.attribute("axis", 0L));
    if (conf.hasBias()) {
      rows = g.node("Add", name + "_biased", OnnxGraph.of(rows, g.floats("b", Translation.dims(conf.getNOut()),
          Translation.floats(layer, DefaultParamInitializer.BIAS_KEY))));
    }
    String activated = Activations.apply(g, conf.getActivationFn(), rows, Translation.describe(configuration));
    if (t.paddingMasked) {
      activated = t.zeroPadding(activated, true, name);
    }
    return conf.getOutputFormat() == RNNFormat.NWC ? activated
        : g.node("Transpose", name, OnnxGraph.of(activated), OnnxGraph.attribute("perm", 0, 2, 1));
  }
}
