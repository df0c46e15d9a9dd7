package org.blnspark.model.onnx;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.blnspark.model.BlnCalls;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.TokenPadding;
import org.blnspark.model.statistics.PopulationEstimator;
import org.blnspark.model.statistics.PopulationStatisticsCollector;
import org.blnspark.model.zoo.ModelSettings;
import org.blnspark.model.zoo.Normalization;
import org.blnspark.model.zoo.PaperModels;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Rows per second scored by DL4J as 'bln predict' scores them (a mini-batch of
 * {@value #PREDICT_BATCH} rows per call, the jobs' scoring batch, through {@link BlnCalls#inferringFrom}
 * around the network's {@code output} with the jobs' padding mask, as {@code RowScorer} calls it)
 * and one row per call, against the exported model on ONNX Runtime with one thread, one row and
 * {@value #PREDICT_BATCH} rows per call. LeNet + BLN on Fashion-MNIST's shape; the text model + BLN
 * (vocabulary 1,000, embedding 64, 80 tokens, front-padded rows of random lengths, masked). JMH's
 * scores are rows per second ({@link OperationsPerInvocation}). Run with {@code OMP_NUM_THREADS=1
 * bin/jmh bln-model org.blnspark.model.onnx.OnnxScoringBenchmark}, so that both use one core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OnnxScoringBenchmark {
  /** The rows per network call of 'bln predict' (its SCORING_BATCH_SIZE). */
  static final int PREDICT_BATCH = 256;
  private static final int TOKENS = 80;
  private static final int VOCABULARY = 1000;

  @Param({"LENET", "TEXT"})
  public String model;

  private MultiLayerNetwork net;
  private OnnxRuntimeRunner onnx;
  private float[][] rows;
  private INDArray batch;
  private INDArray batchMask;
  private INDArray row;
  private INDArray rowMask;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Nd4j.getRandom().setSeed(1);
    boolean text = model.equals("TEXT");
    ModelSettings settings = ModelSettings.of(Normalization.BLN, text ? 2 : 10, 1, 0.002);
    net = new MultiLayerNetwork(text ? PaperModels.textClassifier(settings, VOCABULARY, 64, TOKENS)
        : PaperModels.lenet(settings, 28, 28, 1));
    net.init();
    rows = text ? tokenRows(new Random(2)) : Nd4j.rand(DataType.FLOAT, PREDICT_BATCH, 784).toFloatMatrix();
    batch = Nd4j.create(rows).castTo(DataType.FLOAT);
    batchMask = text ? Nd4j.create(Arrays.stream(rows).map(TokenPadding::mask).toArray(float[][]::new))
        .castTo(DataType.FLOAT) : null;
    row = batch.getRows(0);
    rowMask = text ? batchMask.getRows(0) : null;
    DataSet data = new DataSet(batch, Nd4j.zeros(DataType.FLOAT, PREDICT_BATCH, settings.classes()), batchMask, null);
    PopulationStatisticsCollector.fill(net, new ListDataSetIterator<>(data.batchBy(32)), PopulationEstimator.POOLED);
    BlnNetworks.setTrainingBatchSize(net, 32);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    OnnxExport.write(net, new OnnxExport.Options(StatisticSources.REFERENCE_DEFAULT, List.of(), text), bytes);
    onnx = new OnnxRuntimeRunner(bytes.toByteArray());
  }

  /** Front-padded rows of 1 to 80 real tokens. */
  private static float[][] tokenRows(Random random) {
    float[][] tokens = new float[PREDICT_BATCH][TOKENS];
    for (float[] ids : tokens) {
      for (int t = TOKENS - 1 - random.nextInt(TOKENS); t < TOKENS; t++) {
        ids[t] = 1 + random.nextInt(VOCABULARY - 1);
      }
    }
    return tokens;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    onnx.close();
  }

  @Benchmark
  @OperationsPerInvocation(PREDICT_BATCH)
  public INDArray dl4jPredictBatch() {
    return BlnCalls.inferringFrom(StatisticSources.REFERENCE_DEFAULT,
        () -> BlnNetworks.output(net, batch, batchMask, false));
  }

  @Benchmark
  public INDArray dl4jRow() {
    return BlnCalls.inferringFrom(StatisticSources.REFERENCE_DEFAULT,
        () -> BlnNetworks.output(net, row, rowMask, false));
  }

  @Benchmark
  @OperationsPerInvocation(PREDICT_BATCH)
  public float[][] onnxRuntimeBatch() throws Exception {
    return onnx.probabilities(rows, 0, PREDICT_BATCH);
  }

  @Benchmark
  public float[][] onnxRuntimeRow() throws Exception {
    return onnx.probabilities(rows, 0, 1);
  }
}
