package org.blnspark.model.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Random;
import org.blnspark.model.convolution.InputConvolution;
import org.blnspark.model.zoo.InputShape;
import org.blnspark.model.zoo.ModelSettings;
import org.blnspark.model.zoo.NetworkConfiguration;
import org.blnspark.model.zoo.Normalization;
import org.blnspark.model.zoo.PaperModel;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One training step (forward, backward, Adam update) of a built-in network on one fixed mini-batch
 * of 25, as the study trains it: LeNet and the residual CNN on Fashion-MNIST's 28×28×1, the text
 * model on 80 tokens of a 1,000-word vocabulary with embedding 64. {@link NetworkBenchmark} runs it
 * under JMH; {@code bin/bench-anchor} runs {@link #main} beside the same steps in PyTorch.
 */
public final class TrainingSteps {
  static final int BATCH = 25;

  private final Model net;
  private final DataSet batch;

  public TrainingSteps(PaperModel model, Normalization norm) {
    this(model, norm, false);
  }

  /**
   * @param dl4jConvolution LeNet's first layer as DL4J's own convolution, which computes the input
   *     gradient, instead of {@link InputConvolution}: the step before that change, for comparison
   */
  public TrainingSteps(PaperModel model, Normalization norm, boolean dl4jConvolution) {
    InputShape shape = model == PaperModel.LSTM ? new InputShape.Tokens(80, 1000) : new InputShape.Image(28, 28, 1);
    ModelSettings base = ModelSettings.of(norm, 10, 1, 0.002);
    ModelSettings settings = new ModelSettings(base.normalization(), base.axes(), base.eps(), base.classes(),
        base.seed(), base.learningRate(), base.schedule(), 64, 0, base.bnDecay());
    NetworkConfiguration configuration = model.configuration(settings, shape);
    net = dl4jConvolution ? withDl4jConvolution(configuration) : configuration.newNetwork();
    float[][] features = new float[BATCH][shape.features()];
    Random random = new Random(1);
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

  private static Model withDl4jConvolution(NetworkConfiguration configuration) {
    if (!(configuration instanceof NetworkConfiguration.Layered layered)) {
      throw new IllegalArgumentException("only a layered network has InputConvolution");
    }
    MultiLayerNetwork dl4j = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(layered.configuration().toJson()
        .replace(InputConvolution.class.getName(), ConvolutionLayer.class.getName())));
    dl4j.init();
    return dl4j;
  }

  /** Trains one step and returns the loss, so that the step cannot be optimised away. */
  public double step() {
    if (net instanceof ComputationGraph graph) {
      graph.fit(batch);
    } else {
      ((MultiLayerNetwork) net).fit(batch);
    }
    return net.score();
  }

  /**
   * {@code TrainingSteps MODEL NORM steady WARMUP_S WINDOW_S WINDOWS}: after WARMUP_S seconds of
   * steps, the median ms/step of WINDOWS windows of WINDOW_S seconds each.
   * {@code TrainingSteps MODEL NORM first SECONDS}: ms/step over the first SECONDS of steps of a fresh
   * JVM, JIT warm-up included. Prints one JSON line, with the wall-clock and the CPU-time figure.
   */
  public static void main(String[] args) {
    PaperModel model = PaperModel.valueOf(args[0].toUpperCase(Locale.ROOT));
    Normalization norm = Normalization.valueOf(args[1].toUpperCase(Locale.ROOT));
    TrainingSteps steps = new TrainingSteps(model, norm);
    Timing timing;
    if (args[2].equals("first")) {
      timing = time(steps, Double.parseDouble(args[3]));
    } else {
      time(steps, Double.parseDouble(args[3]));
      int windows = Integer.parseInt(args[5]);
      double[] wall = new double[windows];
      double[] cpu = new double[windows];
      for (int i = 0; i < windows; i++) {
        Timing window = time(steps, Double.parseDouble(args[4]));
        wall[i] = window.wallMillis();
        cpu[i] = window.cpuMillis();
      }
      timing = new Timing(median(wall), median(cpu));
    }
    // DL4J M2 leaves its oneDNN helpers off unless told otherwise (conf/java17.args tells it).
    boolean oneDnn = "false".equals(System.getProperty("org.eclipse.deeplearning4j.helpers.disable"));
    System.out.printf(Locale.ROOT, "{\"framework\": \"%s\", \"model\": \"%s\", \"norm\": \"%s\", \"mode\": \"%s\", "
        + "\"ms_per_step\": %.3f, \"cpu_ms_per_step\": %.3f}%n", oneDnn ? "dl4j" : "dl4j-builtin",
        args[0].toLowerCase(Locale.ROOT), args[1].toLowerCase(Locale.ROOT), args[2], timing.wallMillis(),
        timing.cpuMillis());
  }

  /**
   * Milliseconds per step by the wall clock and by the process's CPU time (all its threads: the step's,
   * JIT and GC). On a shared machine the CPU time is the steadier figure: waiting for a core is not
   * counted in it.
   */
  private record Timing(double wallMillis, double cpuMillis) {}

  /** Runs whole steps until {@code seconds} have passed; the mean time per step. */
  private static Timing time(TrainingSteps steps, double seconds) {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuStart = os.getProcessCpuTime();
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    int count = 0;
    double sink = 0;
    while (System.nanoTime() < end) {
      sink += steps.step();
      count++;
    }
    if (Double.isNaN(sink)) {
      throw new IllegalStateException("the loss became NaN");
    }
    return new Timing((System.nanoTime() - start) / 1e6 / count, (os.getProcessCpuTime() - cpuStart) / 1e6 / count);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
