package org.blnspark.model.onnx;

/**
 * A network the exporter cannot write faithfully: a layer, vertex, preprocessor, activation or
 * setting without an ONNX translation, or a BLN layer whose inference configuration depends on the
 * batch. The message names the part and its type; nothing is written.
 */
public final class UnsupportedNetworkException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UnsupportedNetworkException(String message) {
    super(message);
  }
}
