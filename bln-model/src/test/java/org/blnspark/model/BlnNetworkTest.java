package org.blnspark.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class BlnNetworkTest {
  @Test
  void eitherKindAnswersAsDl4jDoesAndRestoresFromItsJson() {
    MultiLayerNetwork layered = TinyNetworks.denseClassifier(new BatchLayerNormalization.Builder(), 3);
    ComputationGraph graph = TinyNetworks.residualGraph(4);
    DataSet batch = TinyNetworks.separableData(10, 5);
    for (Model net : List.<Model>of(layered, graph)) {
      ((NeuralNetwork) net).fit(batch);
      // No population statistics were collected: inference takes the batch's own.
      BlnNetworks.setInference(net, StatisticSources.ALL_MINI_BATCH);
      BlnNetwork network = BlnNetwork.of(net);
      assertThat(network.graph()).isEqualTo(net instanceof ComputationGraph);
      assertThat(network.model()).isSameAs(net);
      assertThat(network.updaterState()).as("Adam's moments after a step").isNotNull();
      INDArray expected = net instanceof ComputationGraph g ? g.outputSingle(batch.getFeatures())
          : layered.output(batch.getFeatures());
      assertThat(network.output(batch.getFeatures(), null, false)).isEqualTo(expected);

      network.setCounts(7, 2);
      BlnNetwork restored = BlnNetwork.restore(network.graph(), network.configurationJson(), net.params());
      assertThat(restored.graph()).isEqualTo(network.graph());
      BlnNetworks.setInference(restored.model(), StatisticSources.ALL_MINI_BATCH);
      assertThat(restored.iterationCount()).isEqualTo(7);
      assertThat(restored.epochCount()).isEqualTo(2);
      assertThat(restored.score(batch)).isEqualTo(network.score(batch));
      restored.model().params().addi(1);
      assertThat(restored.model().params()).as("a copy of the parameters").isNotEqualTo(net.params());
    }
    assertThat(BlnNetwork.of(graph).layerOrNull("n2")).isSameAs(graph.getLayer("n2"));
    assertThat(BlnNetwork.of(layered).layerOrNull("nothing")).isNull();
  }

  @Test
  void aModelOfNeitherKindIsRefused() {
    MultiLayerNetwork net = TinyNetworks.denseClassifier(new BatchLayerNormalization.Builder(), 3);
    assertThatThrownBy(() -> BlnNetwork.of(net.getLayer(0))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a MultiLayerNetwork or ComputationGraph");
  }
}
