package org.blnspark.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.blnspark.model.BlnCalls;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.StatisticSources;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The check every exported model must pass: ONNX Runtime's probabilities against DL4J's, as the
 * scorer computes them ({@code RowScorer}: {@link BlnCalls#inferringFrom} around the network's
 * {@code output}), at batch sizes 1 and 64, within 1e-4 and with the same predicted classes; and
 * ONNX's checker where it is installed.
 */
final class Conformance {
  static final double TOLERANCE = 1e-4;

  private Conformance() {}

  /** Exports {@code net} and compares it with DL4J on {@code rows}; returns the largest difference seen. */
  static double check(Model net, OnnxExport.Options options, float[][] rows, Path dir)
      throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    OnnxExport.write(net, options, bytes);
    Path file = Files.write(dir.resolve("model-" + options.inference() + ".onnx"), bytes.toByteArray());
    if (OnnxChecker.available()) {
      assertThat(OnnxChecker.problems(file)).as("onnx.checker").isNull();
    }
    float[][] expected = dl4j(net, options.inference(), rows);
    double worst = 0;
    try (OnnxRuntimeRunner onnx = new OnnxRuntimeRunner(bytes.toByteArray())) {
      for (int batch : new int[] {1, 64}) {
        float[][] actual = onnx.probabilities(rows, batch);
        for (int i = 0; i < rows.length; i++) {
          for (int c = 0; c < expected[i].length; c++) {
            double difference = Math.abs(actual[i][c] - expected[i][c]);
            assertThat(difference).as("row %d class %d at batch %d under %s", i, c, batch, options.inference())
                .isLessThanOrEqualTo(TOLERANCE);
            worst = Math.max(worst, difference);
          }
          assertThat(argMax(actual[i])).as("predicted class of row %d at batch %d", i, batch)
              .isEqualTo(argMax(expected[i]));
        }
      }
    }
    return worst;
  }

  /** DL4J's probabilities for all rows in one batch, under {@code inference}. */
  static float[][] dl4j(Model net, StatisticSources inference, float[][] rows) {
    INDArray x = Nd4j.create(rows).castTo(DataType.FLOAT);
    INDArray out = BlnCalls.inferringFrom(inference, () -> BlnNetworks.output(net, x, null, false));
    return out.castTo(DataType.FLOAT).toFloatMatrix();
  }

  static int argMax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
