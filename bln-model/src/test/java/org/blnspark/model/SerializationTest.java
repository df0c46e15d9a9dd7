package org.blnspark.model;

import org.blnspark.model.statistics.PopulationStatisticsCollector;
import org.blnspark.model.statistics.PopulationEstimator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;

class SerializationTest {
  private static final StatisticSources NON_DEFAULT = StatisticSources.parse("PBPB");

  /** A trained network with collected statistics and every setting away from its default. */
  private static MultiLayerNetwork trained() {
    MultiLayerNetwork net = TinyNetworks.denseClassifier(new BatchLayerNormalization.Builder()
        .axes(StatisticsAxes.CONVENTIONAL).eps(2e-3).inference(NON_DEFAULT), 1);
    DataSet data = TinyNetworks.separableData(24, 1);
    DataSetIterator batches = new ListDataSetIterator<>(data.asList(), 8);
    for (int i = 0; i < 3; i++) {
      net.fit(batches);
    }
    PopulationStatisticsCollector.fill(net, batches, PopulationEstimator.POOLED);
    return net;
  }

  @Test
  void jsonRoundTripKeepsSettingsAndOutputs() {
    MultiLayerNetwork net = trained();
    String json = net.getLayerWiseConfigurations().toJson();
    MultiLayerConfiguration restoredConf = MultiLayerConfiguration.fromJson(json);
    MultiLayerNetwork restored = new MultiLayerNetwork(restoredConf);
    restored.init(net.params().dup(), false);

    BatchLayerNormalizationLayer layer = BlnNetworks.blnLayers(restored).get(0);
    assertThat(layer.inference()).isEqualTo(NON_DEFAULT);
    assertThat(layer.layerConf().getAxes()).isEqualTo(StatisticsAxes.CONVENTIONAL);
    assertThat(layer.layerConf().getEps()).isEqualTo(2e-3);
    assertThat(layer.trainingBatchSize()).isEqualTo(8);
    assertThat(layer.isPopulationCollected()).isTrue();
    assertThat(restoredConf).isEqualTo(net.getLayerWiseConfigurations());
    assertSameOutputs(net, restored);
  }

  @Test
  void trainingCollectingAndChoosingLeaveTheConfigurationAsBuilt() {
    MultiLayerNetwork net = TinyNetworks.denseClassifier(new BatchLayerNormalization.Builder(), 2);
    BatchLayerNormalization built = BlnNetworks.blnLayers(net).get(0).layerConf().clone();
    DataSet data = TinyNetworks.separableData(24, 2);
    DataSetIterator batches = new ListDataSetIterator<>(data.asList(), 6);
    net.fit(batches);
    PopulationStatisticsCollector.fill(net, batches, PopulationEstimator.POOLED);
    BlnNetworks.setInference(net, NON_DEFAULT);

    BatchLayerNormalizationLayer layer = BlnNetworks.blnLayers(net).get(0);
    assertThat(layer.layerConf()).isEqualTo(built);
    assertThat(layer.layerConf().toString()).isEqualTo(built.toString());
    assertThat(layer.trainingBatchSize()).isEqualTo(6);
    assertThat(layer.isPopulationCollected()).isTrue();
    assertThat(layer.inference()).isEqualTo(NON_DEFAULT);
  }

  @Test
  void modelSerializerRoundTripGivesIdenticalOutputs(@TempDir Path dir) throws Exception {
    MultiLayerNetwork net = trained();
    File file = dir.resolve("model.zip").toFile();
    ModelSerializer.writeModel(net, file, true);
    MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
    assertThat(restored.params()).isEqualTo(net.params());
    assertSameOutputs(net, restored);
  }

  private static void assertSameOutputs(MultiLayerNetwork a, MultiLayerNetwork b) {
    INDArray x = TinyNetworks.separableData(10, 9).getFeatures();
    for (StatisticSources inference : StatisticSources.all()) {
      BlnNetworks.setInference(a, inference);
      BlnNetworks.setInference(b, inference);
      assertThat(b.output(x)).isEqualTo(a.output(x));
    }
  }
}
