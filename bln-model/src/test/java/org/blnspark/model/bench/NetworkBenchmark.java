package org.blnspark.model.bench;

import java.util.concurrent.TimeUnit;
import org.blnspark.model.zoo.Normalization;
import org.blnspark.model.zoo.PaperModel;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One training step (forward, backward, Adam update) of a whole built-in network on one
 * mini-batch of 25: the paper's LeNet on Fashion-MNIST's shape and the text model (vocabulary
 * 1,000, embedding 64, 80 tokens), with no normalisation (the anchor), DL4J's BN, LN and BLN. The
 * ratio of each norm to the anchor of the same run is what bin/bench-network reports.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class NetworkBenchmark {
  @Param({"LENET", "LSTM"})
  public String model;

  @Param({"NONE", "BN", "LN", "BLN"})
  public String norm;

  private TrainingSteps steps;

  @Setup
  public void setUp() {
    Nd4j.getRandom().setSeed(1);
    steps = new TrainingSteps(PaperModel.valueOf(model), Normalization.valueOf(norm));
  }

  @Benchmark
  public double trainingStep() {
    return steps.step();
  }
}
