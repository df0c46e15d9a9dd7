package org.blnspark.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.blnspark.model.BatchLayerNormalization;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.statistics.PopulationEstimator;
import org.blnspark.model.statistics.PopulationStatisticsCollector;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nd4j.linalg.dataset.DataSet;

class InferenceEvaluatorTest {
  @RegisterExtension
  static final LocalSparkContext context = new LocalSparkContext();


  private static MultiLayerNetwork trainedNetwork() {
    MultiLayerNetwork net = LocalSpark.network(4);
    List<DataSet> train = LocalSpark.examples(60, 4);
    ListDataSetIterator<DataSet> batches = new ListDataSetIterator<>(train, 10);
    for (int epoch = 0; epoch < 5; epoch++) {
      net.fit(batches);
    }
    PopulationStatisticsCollector.fill(net, batches, PopulationEstimator.POOLED);
    return net;
  }

  @Test
  void distributedEvaluationOfAllSixteenConfigurationsEqualsSingleJvm() {
    MultiLayerNetwork net = trainedNetwork();
    JavaRDD<DataSet> test = LocalSpark.rdd(context.get(), LocalSpark.examples(45, 5), 3);
    List<StatisticSources> all = StatisticSources.all();
    EvaluationResults distributed = InferenceEvaluator.evaluate(net, test, 4, all);

    EvaluationResults local = null;
    for (List<DataSet> partition : test.glom().collect()) {
      EvaluationResults part = InferenceEvaluator.evaluate(net, partition.iterator(), 4, all);
      local = local == null ? part : local.merge(part);
    }
    assertThat(distributed.scores()).hasSize(16);
    for (StatisticSources configuration : all) {
      ConfigurationScore d = distributed.get(configuration);
      ConfigurationScore l = local.get(configuration);
      assertThat(d.examples()).isEqualTo(45);
      assertThat(d.evaluation().getConfusionMatrix()).isEqualTo(l.evaluation().getConfusionMatrix());
      assertThat(d.accuracy()).isEqualTo(l.accuracy());
      assertThat(d.loss()).isCloseTo(l.loss(), within(1e-12));
    }
    assertThat(distributed.get(StatisticSources.REFERENCE_DEFAULT).accuracy()).isGreaterThan(0.8);
  }

  @Test
  void lossIsDl4jsOwnScore() {
    MultiLayerNetwork net = trainedNetwork();
    List<DataSet> examples = LocalSpark.examples(30, 8);
    StatisticSources population = StatisticSources.parse("PPPP");
    double loss = InferenceEvaluator.evaluate(net, examples.iterator(), 7, List.of(population)).get(population).loss();
    BlnNetworks.setInference(net, population);
    assertThat(loss).isCloseTo(net.score(DataSet.merge(examples), false), within(1e-9));
  }

  @Test
  void everyConfigurationMatchesDl4jsOwnOutputAndScoreWhenLayersComeBeforeBln() {
    // conv (after DL4J's flat-to-CNN preprocessor) → BLN → dense → softmax: the evaluator runs the
    // convolution once per batch and the rest once per configuration.
    MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
        .dataType(DataType.DOUBLE).list()
        .layer(new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.TANH).build())
        .layer(new BatchLayerNormalization.Builder().build())
        .layer(new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX)
            .build())
        .setInputType(InputType.convolutionalFlat(4, 4, 1)).build());
    net.init();
    Nd4j.getRandom().setSeed(3);
    DataSet batch = new DataSet(Nd4j.rand(DataType.DOUBLE, 30, 16),
        Nd4j.eye(2).castTo(DataType.DOUBLE).repeat(0, 15));
    PopulationStatisticsCollector.fill(net, new ListDataSetIterator<>(batch.asList(), 10), PopulationEstimator.POOLED);

    EvaluationResults results = InferenceEvaluator.evaluate(net, batch.asList().iterator(), 30,
        StatisticSources.all());
    for (StatisticSources configuration : StatisticSources.all()) {
      BlnNetworks.setInference(net, configuration);
      Evaluation expected = new Evaluation();
      expected.eval(batch.getLabels(), net.output(batch.getFeatures(), false));
      assertThat(results.get(configuration).evaluation().getConfusionMatrix())
          .isEqualTo(expected.getConfusionMatrix());
      assertThat(results.get(configuration).loss()).isCloseTo(net.score(batch, false), within(1e-9));
    }
  }

  @Test
  void selectingTheBestConfigurationAppliesIt() {
    MultiLayerNetwork net = trainedNetwork();
    JavaRDD<DataSet> validation = LocalSpark.rdd(context.get(), LocalSpark.examples(40, 6), 2);
    EvaluationResults results = InferenceEvaluator.selectBest(net, validation, 5, StatisticSources.all());
    StatisticSources best = results.best();
    for (ConfigurationScore score : results.scores().values()) {
      assertThat(results.get(best).accuracy()).isGreaterThanOrEqualTo(score.accuracy());
    }
    assertThat(BlnNetworks.blnLayers(net)).allSatisfy(layer -> assertThat(layer.inference()).isEqualTo(best));
  }

  @Test
  void configurationsWhoseOutputsAreNotFiniteRankLastAndNothingCrashes() {
    MultiLayerNetwork net = trainedNetwork();
    // A population variance below −ε makes every configuration that reads it give NaN.
    net.getLayer(0).getParam("batchVar").assign(-1);
    EvaluationResults results = InferenceEvaluator.evaluate(net, LocalSpark.examples(20, 7).iterator(), 5,
        StatisticSources.all());
    for (StatisticSources configuration : StatisticSources.all()) {
      ConfigurationScore score = results.get(configuration);
      assertThat(score.isFinite()).as(configuration.code()).isEqualTo(!configuration.batchVarFromPopulation());
      assertThat(score.examples()).isEqualTo(20);
    }
    assertThat(results.best().batchVarFromPopulation()).isFalse();
    assertThat(results.get(StatisticSources.parse("PPPP")).accuracy()).isNaN();
  }

  @Test
  void evaluatingLeavesTheNetworksOwnConfigurationInPlace() {
    MultiLayerNetwork net = trainedNetwork();
    BlnNetworks.setInference(net, StatisticSources.parse("PBPB"));
    InferenceEvaluator.evaluate(net, LocalSpark.examples(10, 7).iterator(), 5, StatisticSources.all());
    assertThat(BlnNetworks.blnLayers(net))
        .allSatisfy(layer -> assertThat(layer.inference()).isEqualTo(StatisticSources.parse("PBPB")));
  }
}
