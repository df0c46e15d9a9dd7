package org.blnspark.model.onnx;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationHardSigmoid;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSELU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftPlus;
import org.nd4j.linalg.activations.impl.ActivationSoftSign;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;

/** DL4J's element-wise activations as ONNX operators; softmax over the last axis, as DL4J's on its 2-D input. */
final class Activations {
  private Activations() {}

  /** {@code activation} applied to {@code input}; the input itself for the identity. */
  static String apply(OnnxGraph graph, IActivation activation, String input, String owner) {
    String hint = input + "_act";
    if (activation == null || activation instanceof ActivationIdentity) {
      return input;
    }
    if (activation instanceof ActivationTanH) {
      return graph.node("Tanh", hint, OnnxGraph.of(input));
    }
    if (activation instanceof ActivationSigmoid) {
      return graph.node("Sigmoid", hint, OnnxGraph.of(input));
    }
    if (activation instanceof ActivationSoftmax) {
      return graph.node("Softmax", hint, OnnxGraph.of(input), OnnxGraph.attribute("axis", -1L));
    }
    if (activation instanceof ActivationReLU relu) {
      if (relu.getMax() != null || relu.getThreshold() != null || relu.getNegativeSlope() != null) {
        throw unsupported(owner, activation);
      }
      return graph.node("Relu", hint, OnnxGraph.of(input));
    }
    if (activation instanceof ActivationLReLU leaky) {
      return graph.node("LeakyRelu", hint, OnnxGraph.of(input), OnnxGraph.attribute("alpha", (float) leaky.getAlpha()));
    }
    if (activation instanceof ActivationELU elu) {
      return graph.node("Elu", hint, OnnxGraph.of(input), OnnxGraph.attribute("alpha", (float) elu.getAlpha()));
    }
    if (activation instanceof ActivationSELU) {
      return graph.node("Selu", hint, OnnxGraph.of(input));
    }
    if (activation instanceof ActivationSoftPlus) {
      return graph.node("Softplus", hint, OnnxGraph.of(input));
    }
    if (activation instanceof ActivationSoftSign) {
      return graph.node("Softsign", hint, OnnxGraph.of(input));
    }
    if (activation instanceof ActivationHardSigmoid) {
      // DL4J's hard sigmoid is min(1, max(0, 0.2x + 0.5)), ONNX's default.
      return graph.node("HardSigmoid", hint, OnnxGraph.of(input));
    }
    throw unsupported(owner, activation);
  }

  /** The name of an LSTM gate or cell activation in ONNX's LSTM, or a refusal. */
  static String recurrentName(IActivation activation, String owner) {
    if (activation instanceof ActivationTanH) {
      return "Tanh";
    }
    if (activation instanceof ActivationSigmoid) {
      return "Sigmoid";
    }
    if (activation instanceof ActivationReLU relu && relu.getMax() == null && relu.getThreshold() == null
        && relu.getNegativeSlope() == null) {
      return "Relu";
    }
    if (activation instanceof ActivationHardSigmoid) {
      return "HardSigmoid";
    }
    throw unsupported(owner, activation);
  }

  private static UnsupportedNetworkException unsupported(String owner, IActivation activation) {
    return new UnsupportedNetworkException(owner + ": activation " + activation + " ("
        + activation.getClass().getSimpleName() + ") has no ONNX translation");
  }
}
