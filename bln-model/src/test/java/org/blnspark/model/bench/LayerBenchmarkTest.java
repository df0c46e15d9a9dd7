package org.blnspark.model.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runs the benchmarks' code paths once per norm and rank on tiny shapes, so that they cannot rot. */
class LayerBenchmarkTest {
  @ParameterizedTest
  @CsvSource({"BLN,3x4", "BN,3x4", "LN,3x4", "BLN,2x3x5", "BN,2x3x5", "LN,2x3x5", "BLN,2x3x4x4", "BN,2x3x4x4",
      "LN,2x3x4x4"})
  void forwardBackwardRunsOnTinyShapes(String norm, String shape) {
    LayerBenchmark benchmark = new LayerBenchmark();
    benchmark.norm = norm;
    benchmark.shape = shape;
    benchmark.setUp();
    Pair<?, INDArray> result = benchmark.forwardBackward();
    INDArray inputGradient = result.getSecond();
    assertThat(inputGradient.isNaN().any()).isFalse();
    assertThat(inputGradient.length()).isEqualTo(size(shape));
  }

  @ParameterizedTest
  @CsvSource({"LENET,NONE", "LENET,BN", "LENET,LN", "LENET,BLN", "LSTM,NONE", "LSTM,BN", "LSTM,LN", "LSTM,BLN"})
  void aWholeNetworksTrainingStepRunsWithEveryNorm(String model, String norm) {
    NetworkBenchmark benchmark = new NetworkBenchmark();
    benchmark.model = model;
    benchmark.norm = norm;
    benchmark.setUp();
    double first = benchmark.trainingStep();
    assertThat(first).isFinite().isPositive();
    // Three more steps on the same batch lower its loss: the step trains.
    double last = first;
    for (int i = 0; i < 3; i++) {
      last = benchmark.trainingStep();
    }
    assertThat(last).isLessThan(first);
  }

  @ParameterizedTest
  @CsvSource({"3x4", "2x3x5", "2x3x4x4"})
  void memoryFloorTouchesEveryElement(String shape) {
    MemoryFloorBenchmark floor = new MemoryFloorBenchmark();
    floor.shape = shape;
    floor.setUp();
    float[] inputGradient = floor.forwardBackward();
    assertThat(inputGradient).hasSize((int) size(shape));
    assertThat(floor.bytes()).isEqualTo(5 * 4 * size(shape));
    // The gradients are random normals: if the loop skipped any element, it would still read 0.
    for (float value : inputGradient) {
      assertThat(value).isNotZero();
    }
  }

  private static long size(String shape) {
    return java.util.Arrays.stream(shape.split("x")).mapToLong(Long::parseLong).reduce(1, (a, b) -> a * b);
  }
}
