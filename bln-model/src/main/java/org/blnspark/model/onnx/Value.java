package org.blnspark.model.onnx;

import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * A tensor of the ONNX graph and what DL4J's array at the same place in the network is: the
 * exported graph keeps DL4J's shapes and layouts everywhere, so that each translator can read its
 * input as DL4J's layer does.
 *
 * @param name the value's name in the graph
 * @param type DL4J's activation type there; the batch dimension comes first
 */
record Value(String name, InputType type) {}
