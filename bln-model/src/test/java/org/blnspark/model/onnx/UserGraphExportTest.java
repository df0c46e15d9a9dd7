package org.blnspark.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.blnspark.model.BatchLayerNormalization;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.statistics.PopulationEstimator;
import org.blnspark.model.statistics.PopulationStatisticsCollector;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Users' graphs, as docs/your-network.md shows them: the committed residual-graph.json (BLN after an
 * element-wise add) and a graph with BLN after a merge, on ONNX Runtime against DL4J.
 */
class UserGraphExportTest {
  private static final int TRAIN = 100;
  private static final int TEST = 64;

  @TempDir
  Path dir;

  @Test
  void theDocumentedResidualGraphWithBlnAfterAnAdd() throws Exception {
    ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(
        Files.readString(Path.of("..", "docs", "examples", "residual-graph.json")));
    check(new ComputationGraph(conf));
  }

  @Test
  void aGraphWithBlnAfterAMerge() throws Exception {
    ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(0.01))
        .graphBuilder().addInputs("in")
        .addLayer("a", new DenseLayer.Builder().nOut(16).activation(Activation.TANH).build(), "in")
        .addLayer("b", new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build(), "in")
        .addVertex("merge", new MergeVertex(), "a", "b")
        .addLayer("bln", new BatchLayerNormalization.Builder().build(), "merge")
        .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(FashionMnistSample.CLASSES)
            .activation(Activation.SOFTMAX).build(), "bln")
        .setOutputs("out").setInputTypes(InputType.feedForward(784)).build();
    check(new ComputationGraph(conf));
  }

  private void check(ComputationGraph net) throws Exception {
    net.init();
    FashionMnistSample data = FashionMnistSample.first(TRAIN + TEST);
    List<DataSet> batches = data.dataSet(0, TRAIN).batchBy(25);
    batches.forEach(net::fit);
    PopulationStatisticsCollector.fill(net, new ListDataSetIterator<>(batches), PopulationEstimator.POOLED);
    float[][] test = java.util.Arrays.copyOfRange(data.rows, TRAIN, TRAIN + TEST);
    for (StatisticSources inference : StatisticSources.batchIndependentOnes()) {
      assertThat(Conformance.check(net, new OnnxExport.Options(inference, List.of()), test, dir))
          .isLessThanOrEqualTo(Conformance.TOLERANCE);
    }
  }
}
