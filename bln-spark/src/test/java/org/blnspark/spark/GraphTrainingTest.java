package org.blnspark.spark;

import org.blnspark.model.statistics.ObservedLayers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.blnspark.model.BatchLayerNormalizationLayer;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.StatisticSources;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;

/** A residual ComputationGraph through the same trainer, statistics pass and evaluator as a layered network. */
class GraphTrainingTest {
  @RegisterExtension
  static final LocalSparkContext context = new LocalSparkContext();

  @Test
  void aResidualGraphTrainsOnTwoWorkersAndEvaluatesUnderAllSixteenConfigurations() {
    ComputationGraph graph = LocalSpark.graph(21);
    JavaRDD<DataSet> train = LocalSpark.rdd(context.get(), LocalSpark.examples(120, 21), 3);
    TrainingResult result = new BlnSparkTrainer(TrainerSettings.defaults().withBatchSizePerWorker(5)
        .withAveragingFrequency(2)
        .withWorkers(2).withSeed(3)).fit(graph, train, Epochs.of(3));

    assertThat(result.epochs()).hasSize(3).allSatisfy(epoch -> assertThat(epoch.trainLoss()).isFinite());
    assertThat(result.plan().workers()).isEqualTo(2);
    // 120 examples in rounds of 2 workers × 2 batches × 5.
    assertThat(result.plan().roundsPerEpoch()).isEqualTo(6);
    assertThat(BlnNetworks.blnLayers(graph)).extracting(l -> l.layerConf().getLayerName())
        .containsExactly("n1", "n2", "n3");
    assertThat(BlnNetworks.blnLayers(graph)).allSatisfy(layer -> {
      assertThat(layer.trainingBatchSize()).isEqualTo(5);
      assertThat(layer.isPopulationCollected()).isTrue();
    });

    List<DataSet> examples = LocalSpark.examples(60, 22);
    JavaRDD<DataSet> test = LocalSpark.rdd(context.get(), examples, 2);
    EvaluationResults distributed = InferenceEvaluator.evaluate(graph, test, 5, StatisticSources.all());
    DataSet all = DataSet.merge(examples);
    for (StatisticSources configuration : StatisticSources.all()) {
      // Each partition's 30 examples make 6 batches of 5, so mini-batch statistics match DL4J's on batches of 5.
      Evaluation expected = new Evaluation();
      double lossSum = 0;
      for (DataSet batch : all.batchBy(5)) {
        BlnNetworks.setInference(graph, configuration);
        expected.eval(batch.getLabels(), graph.outputSingle(false, batch.getFeatures()));
        lossSum += graph.score(batch, false) * batch.numExamples();
      }
      assertThat(distributed.get(configuration).evaluation().getConfusionMatrix())
          .as(configuration.code()).isEqualTo(expected.getConfusionMatrix());
      assertThat(distributed.get(configuration).loss()).isCloseTo(lossSum / 60, within(1e-9));
    }
    assertThat(distributed.get(StatisticSources.REFERENCE_DEFAULT).accuracy()).isGreaterThan(0.8);
  }

  @Test
  void theStatisticsPassOfAGraphEqualsTheCollectorInOneJvm() {
    ComputationGraph graph = LocalSpark.graph(23);
    List<DataSet> examples = LocalSpark.examples(40, 23);
    var distributed = PopulationStatisticsPass.collect(graph, LocalSpark.rdd(context.get(), examples, 2), 8, 5, 0,
        ObservedLayers.BLN);
    var local = org.blnspark.model.statistics.PopulationStatisticsCollector.collect(graph,
        new org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator<>(
            PopulationStatisticsPassTest.inGlobalOrder(examples, 5), 8));
    assertThat(distributed.layers().keySet()).containsExactly("n1", "n2", "n3");
    for (String layer : distributed.layers().keySet()) {
      assertThat(distributed.layers().get(layer).pooledBatchMoments().mean())
          .containsExactly(local.layers().get(layer).pooledBatchMoments().mean(), within(1e-12));
    }
    assertThat(BlnNetworks.blnLayers(graph)).noneMatch(BatchLayerNormalizationLayer::isPopulationCollected);
  }
}
