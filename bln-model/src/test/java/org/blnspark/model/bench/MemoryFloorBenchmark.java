package org.blnspark.model.bench;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The memory traffic that any normalisation layer's forward + backward pass must make, with almost
 * no arithmetic: the forward pass reads x and writes y, the backward pass reads x and the
 * gradient and writes dx (five float arrays of the input's size). Its time is the floor that
 * {@link LayerBenchmark}'s times are compared with; bin/bench-layer runs both.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MemoryFloorBenchmark {
  /** The same shapes as {@link LayerBenchmark}. */
  @Param({"25x6x14x14", "25x16x5x5", "25x120", "25x84", "25x128x80", "1x120", "64x120", "1x6x14x14", "64x6x14x14"})
  public String shape;

  private float[] input;
  private float[] gradient;
  private float[] output;
  private float[] inputGradient;

  @Setup
  public void setUp() {
    int size = Math.toIntExact(Arrays.stream(shape.split("x")).mapToLong(Long::parseLong).reduce(1, (a, b) -> a * b));
    Random random = new Random(1);
    input = new float[size];
    gradient = new float[size];
    for (int k = 0; k < size; k++) {
      input[k] = (float) random.nextGaussian();
      gradient[k] = (float) random.nextGaussian();
    }
    output = new float[size];
    inputGradient = new float[size];
  }

  @Benchmark
  public float[] forwardBackward() {
    for (int k = 0; k < input.length; k++) {
      output[k] = 0.5f * input[k] + 0.25f;
    }
    for (int k = 0; k < input.length; k++) {
      inputGradient[k] = 0.5f * gradient[k] - 0.25f * input[k];
    }
    return inputGradient;
  }

  /** Bytes the forward + backward pass moves: five float arrays of the input's size. */
  public long bytes() {
    return 5L * Float.BYTES * input.length;
  }
}
