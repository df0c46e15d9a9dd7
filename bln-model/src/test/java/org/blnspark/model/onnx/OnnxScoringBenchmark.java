package org.blnspark.model.onnx;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.blnspark.model.BlnCalls;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.StatisticSources;
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
import org.nd4j.linalg.ops.transforms.Transforms;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Scoring one row, as a service does: DL4J's {@code output} under PPBB (what 'bln predict' runs per
 * mini-batch, here of one row) against the exported model on ONNX Runtime with one thread, for
 * LeNet + BLN on Fashion-MNIST's shape and the text model + BLN (vocabulary 1,000, embedding 64,
 * 80 tokens). Run with {@code bin/jmh bln-model org.blnspark.model.onnx.OnnxScoringBenchmark} and
 * {@code OMP_NUM_THREADS=1}, so that both use one core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OnnxScoringBenchmark {
  @Param({"LENET", "TEXT"})
  public String model;

  private MultiLayerNetwork net;
  private OnnxRuntimeRunner onnx;
  private float[][] row;
  private INDArray rowArray;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Nd4j.getRandom().setSeed(1);
    ModelSettings settings = ModelSettings.of(Normalization.BLN, model.equals("LENET") ? 10 : 2, 1, 0.002);
    net = new MultiLayerNetwork(model.equals("LENET") ? PaperModels.lenet(settings, 28, 28, 1)
        : PaperModels.textClassifier(settings, 1000, 64, 80));
    net.init();
    int width = model.equals("LENET") ? 784 : 80;
    INDArray features = model.equals("LENET") ? Nd4j.rand(DataType.FLOAT, 50, width)
        : Transforms.floor(Nd4j.rand(DataType.FLOAT, 50, width).muli(999)).addi(1);
    DataSet data = new DataSet(features, Nd4j.zeros(DataType.FLOAT, 50, settings.classes()));
    PopulationStatisticsCollector.fill(net, new ListDataSetIterator<>(data.batchBy(25)), PopulationEstimator.POOLED);
    BlnNetworks.setTrainingBatchSize(net, 25);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    OnnxExport.write(net, new OnnxExport.Options(StatisticSources.REFERENCE_DEFAULT, List.of()), bytes);
    onnx = new OnnxRuntimeRunner(bytes.toByteArray());
    row = new float[][] {features.getRow(0).toFloatVector()};
    rowArray = Nd4j.create(row);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    onnx.close();
  }

  @Benchmark
  public INDArray dl4jRow() {
    return BlnCalls.inferringFrom(StatisticSources.REFERENCE_DEFAULT, () -> net.output(rowArray, false));
  }

  @Benchmark
  public float[][] onnxRuntimeRow() throws Exception {
    return onnx.probabilities(row, 0, 1);
  }
}
