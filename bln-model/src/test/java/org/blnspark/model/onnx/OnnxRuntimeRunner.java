package org.blnspark.model.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.HashMap;
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

  /** The probabilities of rows {@code [from, to)}, in one call; {@code lengths} may be null. */
  float[][] probabilities(float[][] features, long[] lengths, int from, int to) throws OrtException {
    float[][] rows = java.util.Arrays.copyOfRange(features, from, to);
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put(OnnxExport.FEATURES, OnnxTensor.createTensor(env, rows));
      if (lengths != null) {
        inputs.put(OnnxExport.SEQUENCE_LENGTHS,
            OnnxTensor.createTensor(env, java.util.Arrays.copyOfRange(lengths, from, to)));
      }
      try (OrtSession.Result result = session.run(inputs)) {
        return (float[][]) result.get(OnnxExport.PROBABILITIES).orElseThrow().getValue();
      }
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  /** The probabilities of every row, {@code batch} rows per call. */
  float[][] probabilities(float[][] features, long[] lengths, int batch) throws OrtException {
    float[][] out = new float[features.length][];
    for (int from = 0; from < features.length; from += batch) {
      int to = Math.min(features.length, from + batch);
      float[][] part = probabilities(features, lengths, from, to);
      System.arraycopy(part, 0, out, from, part.length);
    }
    return out;
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
