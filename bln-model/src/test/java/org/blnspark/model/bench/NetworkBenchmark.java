package org.blnspark.model.bench;

import java.util.concurrent.TimeUnit;
import org.blnspark.model.zoo.InputShape;
import org.blnspark.model.zoo.ModelSettings;
import org.blnspark.model.zoo.Normalization;
import org.blnspark.model.zoo.PaperModel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
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
  static final int BATCH = 25;

  @Param({"LENET", "LSTM"})
  public String model;

  @Param({"NONE", "BN", "LN", "BLN"})
  public String norm;

  private MultiLayerNetwork net;
  private DataSet batch;

  @Setup
  public void setUp() {
    PaperModel paperModel = PaperModel.valueOf(model);
    InputShape shape = paperModel == PaperModel.LSTM ? new InputShape.Tokens(80, 1000)
        : new InputShape.Image(28, 28, 1);
    ModelSettings base = ModelSettings.of(Normalization.valueOf(norm), 10, 1, 0.002);
    ModelSettings settings = new ModelSettings(base.normalization(), base.axes(), base.eps(), base.classes(),
        base.seed(), base.learningRate(), base.schedule(), 64, 0, base.bnDecay());
    net = (MultiLayerNetwork) paperModel.configuration(settings, shape).newNetwork();
    Nd4j.getRandom().setSeed(1);
    float[][] features = new float[BATCH][shape.features()];
    java.util.Random random = new java.util.Random(1);
    for (float[] row : features) {
      for (int i = 0; i < row.length; i++) {
        row[i] = shape instanceof InputShape.Tokens ? 1 + random.nextInt(999) : random.nextFloat();
      }
    }
    float[][] labels = new float[BATCH][10];
    for (int i = 0; i < BATCH; i++) {
      labels[i][i % 10] = 1;
    }
    batch = new DataSet(Nd4j.create(features).castTo(DataType.FLOAT), Nd4j.create(labels).castTo(DataType.FLOAT));
  }

  @Benchmark
  public double trainingStep() {
    net.fit(batch);
    return net.score();
  }
}
