package org.blnspark.model.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Map;

/** An exported model on ONNX Runtime's Java API, one thread, called with rows as the model takes them. */
final class OnnxRuntimeRunner implements AutoCloseable {
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;

  OnnxRuntimeRunner(byte[] model) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(1);
    options.setInterOpNumThreads(1);
    session = env.createSession(model, options);
  }

  OrtSession session() {
    return session;
  }

  /** The probabilities of rows {@code [from, to)}, in one call. */
  float[][] probabilities(float[][] features, int from, int to) throws OrtException {
    float[][] rows = java.util.Arrays.copyOfRange(features, from, to);
    try (OnnxTensor input = OnnxTensor.createTensor(env, rows);
         OrtSession.Result result = session.run(Map.of(OnnxExport.FEATURES, input))) {
      return (float[][]) result.get(OnnxExport.PROBABILITIES).orElseThrow().getValue();
    }
  }

  /** The probabilities of every row, {@code batch} rows per call. */
  float[][] probabilities(float[][] features, int batch) throws OrtException {
    float[][] out = new float[features.length][];
    for (int from = 0; from < features.length; from += batch) {
      int to = Math.min(features.length, from + batch);
      float[][] part = probabilities(features, from, to);
      System.arraycopy(part, 0, out, from, part.length);
    }
    return out;
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
