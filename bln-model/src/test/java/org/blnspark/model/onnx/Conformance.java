package org.blnspark.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.blnspark.model.BlnCalls;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.TokenPadding;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The check every exported model must pass: ONNX Runtime's probabilities against DL4J's, as the
 * scorer computes them ({@code RowScorer}: {@link BlnCalls#inferringFrom} around the network's
 * {@code output}, with the jobs' padding mask when the export has one), at batch sizes 1 and 64, within 1e-4 and with the same predicted classes; and
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
    float[][] expected = dl4j(net, options.inference(), rows, options.paddingMask());
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

  /**
   * DL4J's probabilities for all rows in one batch, under {@code inference}; with {@code paddingMask},
   * rows of token ids get the features mask the jobs give them.
   */
  static float[][] dl4j(Model net, StatisticSources inference, float[][] rows, boolean paddingMask) {
    return dl4j(net, inference, rows, paddingMask ? Arrays.stream(rows).map(TokenPadding::mask)
        .toArray(float[][]::new) : null);
  }

  /** DL4J's probabilities for all rows in one batch, under {@code inference}, with {@code masks} or none (null). */
  static float[][] dl4j(Model net, StatisticSources inference, float[][] rows, float[][] masks) {
    INDArray x = Nd4j.create(rows).castTo(DataType.FLOAT);
    INDArray mask = masks == null ? null : Nd4j.create(masks).castTo(DataType.FLOAT);
    INDArray out = BlnCalls.inferringFrom(inference, () -> BlnNetworks.output(net, x, mask, false));
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
