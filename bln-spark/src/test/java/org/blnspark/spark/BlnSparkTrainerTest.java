package org.blnspark.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.blnspark.model.BadInputException;
import org.blnspark.model.BatchLayerNormalizationLayer;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.statistics.PopulationEstimator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nd4j.linalg.dataset.DataSet;

class BlnSparkTrainerTest {
  @RegisterExtension
  static final LocalSparkContext context = new LocalSparkContext();

  private static TrainerSettings settings() {
    return TrainerSettings.defaults();
  }

  private static BlnSparkTrainer trainer(TrainerSettings settings) {
    return new BlnSparkTrainer(settings);
  }

  @Test
  void trainsWithOneExamplePerWorkerBatch() {
    MultiLayerNetwork net = LocalSpark.network(8);
    JavaRDD<DataSet> train = LocalSpark.rdd(context.get(), LocalSpark.examples(80, 8), 3);
    List<EpochReport> reports = trainer(settings().withBatchSizePerWorker(1).withAveragingFrequency(5).withWorkers(2))
        .fit(net, train, Epochs.of(2)).epochs();

    assertThat(reports).hasSize(2);
    assertThat(reports).allSatisfy(r -> assertThat(r.trainLoss()).isFinite());
    // DL4J cached the data for the fit; the trainer releases it afterwards.
    assertThat(train.getStorageLevel()).isEqualTo(StorageLevel.NONE());
    assertThat(BlnNetworks.blnLayers(net)).allSatisfy(layer -> {
      assertThat(layer.trainingBatchSize()).isEqualTo(1);
      assertThat(layer.isPopulationCollected()).isTrue();
    });
    JavaRDD<DataSet> test = LocalSpark.rdd(context.get(), LocalSpark.examples(60, 9), 2);
    double accuracy = InferenceEvaluator.evaluate(net, test, 1, List.of(StatisticSources.REFERENCE_DEFAULT))
        .get(StatisticSources.REFERENCE_DEFAULT).accuracy();
    assertThat(accuracy).isGreaterThan(0.8);
  }

  @Test
  void everyEpochTrainsOnEveryExampleOnceInWorkerBatchesOfTheBatchSize() {
    // 70 examples in rounds of 2 workers × 3 batches × 4: DL4J's own split trains on 48 of them.
    MultiLayerNetwork net = LocalSpark.network(13);
    TrainingResult result = trainer(settings().withBatchSizePerWorker(4).withAveragingFrequency(3).withWorkers(2)
        .withCollectTimings(true))
            .fit(net, LocalSpark.rdd(context.get(), LocalSpark.examples(70, 13), 3), Epochs.of(2));

    List<Long> batchSizes = result.timings().orElseThrow().workerBatchSizes();
    assertThat(batchSizes.stream().mapToLong(Long::longValue).sum()).isEqualTo(2 * 70);
    // Per epoch: 2 full rounds of 3 batches of 4 per worker, then 22 examples dealt 11 + 11.
    assertThat(batchSizes.stream().filter(size -> size != 4)).containsExactly(3L, 3L, 3L, 3L);
  }

  @Test
  void aBudgetOfUpdatesTrainsThatManyMiniBatchesPerWorkerWhateverTheBatchSize() {
    for (int batchSize : new int[] {4, 2}) {
      TrainerSettings settings = settings().withBatchSizePerWorker(batchSize).withAveragingFrequency(3).withWorkers(2)
          .withCollectTimings(true);
      Epochs epochs = Epochs.forUpdates(20, 70, settings, 2);
      TrainingResult result = trainer(settings).fit(LocalSpark.network(13),
          LocalSpark.rdd(context.get(), LocalSpark.examples(70, 13), 3), epochs);
      // Batch 4: 9 per epoch (two rounds of 3, then 11 examples in 3), so 2 epochs and 2 more;
      // batch 2: 18 per epoch, so 1 epoch and 2 more.
      assertThat(epochs.last()).as("epochs at batch size %d", batchSize).isEqualTo(batchSize == 4 ? 3 : 2);
      assertThat(result.timings().orElseThrow().workerBatchSizes()).as("batches at batch size %d", batchSize)
          .hasSize(20 * 2);
    }
  }

  @Test
  void roundsAreReportedNumberedFromOneToTheirCount() {
    List<TrainingListener.RoundDone> rounds = new java.util.ArrayList<>();
    trainer(settings().withBatchSizePerWorker(4).withAveragingFrequency(3).withWorkers(2)).fit(LocalSpark.network(13),
        LocalSpark.rdd(context.get(), LocalSpark.examples(70, 13), 3), Epochs.of(2), new TrainingListener() {
          @Override
          public void roundDone(RoundDone round) {
            rounds.add(round);
          }
        });
    // 70 examples in rounds of 2 workers × 3 batches × 4: three rounds an epoch.
    assertThat(rounds).extracting(r -> r.epoch() + ":" + r.round() + "/" + r.rounds())
        .containsExactly("1:1/3", "1:2/3", "1:3/3", "2:1/3", "2:2/3", "2:3/3");
  }

  @Test
  void theTrainedWeightsDoNotDependOnHowTheInputIsPartitioned() {
    List<DataSet> examples = LocalSpark.examples(50, 14);
    MultiLayerNetwork onePartition = LocalSpark.network(14);
    MultiLayerNetwork fourPartitions = LocalSpark.network(14);
    BlnSparkTrainer trainer = trainer(settings().withBatchSizePerWorker(3).withAveragingFrequency(2).withWorkers(2)
        .withSeed(5));
    trainer.fit(onePartition, LocalSpark.rdd(context.get(), examples, 1), Epochs.of(2));
    trainer.fit(fourPartitions, LocalSpark.rdd(context.get(), examples, 4), Epochs.of(2));
    // The dense and output layers; the BLN layers also hold population statistics, which the
    // statistics pass gathers per input partition.
    for (int layer : new int[] {1, 3}) {
      assertThat(fourPartitions.getLayer(layer).params()).isEqualTo(onePartition.getLayer(layer).params());
    }
  }

  @Test
  void statisticsEveryEpochKeepValidationMeaningfulAfterEachEpoch() {
    MultiLayerNetwork net = LocalSpark.network(10);
    JavaRDD<DataSet> train = LocalSpark.rdd(context.get(), LocalSpark.examples(60, 10), 3);
    List<Boolean> collectedAfterEpoch = new ArrayList<>();
    trainer(settings().withBatchSizePerWorker(5).withStatisticsEveryEpoch(true)).fit(net, train, Epochs.of(3),
        new TrainingListener() {
          @Override
          public void epochDone(EpochReport report, Model network) {
            collectedAfterEpoch.add(
                BlnNetworks.blnLayers(network).stream().allMatch(BatchLayerNormalizationLayer::isPopulationCollected));
          }
        });
    assertThat(collectedAfterEpoch).containsExactly(true, true, true);
  }

  @Test
  void aFitResumedAtAnEpochTrainsExactlyAsAnUninterruptedOne() {
    List<DataSet> examples = LocalSpark.examples(50, 16);
    BlnSparkTrainer trainer = trainer(settings().withBatchSizePerWorker(4).withAveragingFrequency(2).withWorkers(2)
        .withSeed(9));
    MultiLayerNetwork uninterrupted = LocalSpark.network(16);
    trainer.fit(uninterrupted, LocalSpark.rdd(context.get(), examples, 2), Epochs.of(3));
    MultiLayerNetwork resumed = LocalSpark.network(16);
    trainer.fit(resumed, LocalSpark.rdd(context.get(), examples, 2), Epochs.of(1));
    trainer.fit(resumed, LocalSpark.rdd(context.get(), examples, 2), Epochs.range(2, 3));
    assertThat(resumed.params()).isEqualTo(uninterrupted.params());
  }

  @Test
  void aLearningRateScheduleOnEpochsReachesTheWorkers() {
    // Adam at 0.05 in the first epoch and 0 from the second: the second epoch must leave the
    // trained weights as they were, which it does only if the workers see the epoch count.
    MultiLayerNetwork net = new MultiLayerNetwork(LocalSpark.network(15).getLayerWiseConfigurations().clone());
    for (org.deeplearning4j.nn.conf.NeuralNetConfiguration layer : net.getLayerWiseConfigurations().getConfs()) {
      if (layer.getLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseLayer base
          && base.getIUpdater() instanceof org.nd4j.linalg.learning.config.Adam) {
        base.setIUpdater(new org.nd4j.linalg.learning.config.Adam(new org.nd4j.linalg.schedule.MapSchedule(
            org.nd4j.linalg.schedule.ScheduleType.EPOCH, java.util.Map.of(0, 0.05, 1, 0.0))));
      }
    }
    net.init();
    JavaRDD<DataSet> train = LocalSpark.rdd(context.get(), LocalSpark.examples(40, 15), 2);
    BlnSparkTrainer trainer = trainer(settings().withBatchSizePerWorker(5).withWorkers(2));
    org.nd4j.linalg.api.ndarray.INDArray initial = net.getLayer(1).params().dup();
    trainer.fit(net, train, Epochs.of(1));
    org.nd4j.linalg.api.ndarray.INDArray afterFirst = net.getLayer(1).params().dup();
    assertThat(afterFirst).isNotEqualTo(initial);
    trainer.fit(net, train, Epochs.range(2, 2));
    assertThat(net.getLayer(1).params()).isEqualTo(afterFirst);
  }

  @Test
  void acceptsADataFrameOfArraysAndLabels() {
    SparkSession spark = SparkSession.builder().sparkContext(context.get().sc()).getOrCreate();
    List<Row> rows = new ArrayList<>();
    for (DataSet example : LocalSpark.examples(40, 11)) {
      float[] features = example.getFeatures().toFloatVector();
      List<Float> boxed = new ArrayList<>();
      for (float f : features) {
        boxed.add(f);
      }
      rows.add(RowFactory.create(boxed, example.getLabels().argMax(1).getInt(0)));
    }
    StructType schema = new StructType()
        .add("features", DataTypes.createArrayType(DataTypes.FloatType))
        .add("label", DataTypes.IntegerType);
    Dataset<Row> frame = spark.createDataFrame(rows, schema);
    JavaRDD<DataSet> data = new DataFrameExamples("features", "label", LocalSpark.FEATURES, 2).toDataSets(frame);
    List<DataSet> converted = data.collect();
    assertThat(converted).hasSize(40);
    assertThat(converted.get(3).getLabels().toFloatVector()).containsExactly(0, 1);

    Dataset<Row> badLabel = spark.createDataFrame(List.of(RowFactory.create(List.of(1f, 2f, 3f, 4f, 5f, 6f), 7)), schema);
    assertThatThrownBy(() -> new DataFrameExamples("features", "label", LocalSpark.FEATURES, 2)
        .toDataSets(badLabel).collect()).hasMessageContaining("not a class index");
    assertThatThrownBy(() -> new DataFrameExamples("pixels", "label", LocalSpark.FEATURES, 2).toDataSets(frame))
        .hasMessageContaining("no column 'pixels'");
  }

  @Test
  void exportsDl4jTrainingStatisticsAsHtml(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    MultiLayerNetwork net = LocalSpark.network(12);
    TrainingResult result = trainer(settings().withBatchSizePerWorker(5).withCollectTimings(true))
        .fit(net, LocalSpark.rdd(context.get(), LocalSpark.examples(40, 12), 2), Epochs.of(1));
    java.nio.file.Path html = dir.resolve("timeline.html");
    result.timings().orElseThrow().exportHtml(html.toString(), context.get());
    assertThat(java.nio.file.Files.readString(html)).contains("<html");
  }

  @Test
  void collectingTimingsWithoutTheOfflineClockIsRefusedWithItsFix() {
    String clock = System.clearProperty(TrainingTimings.TIME_SOURCE_PROPERTY);
    try {
      assertThatThrownBy(() -> trainer(settings().withCollectTimings(true)).fit(LocalSpark.network(3),
          LocalSpark.rdd(context.get(), LocalSpark.examples(10, 3), 2), Epochs.of(1)))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("spark.executor.extraJavaOptions");
    } finally {
      if (clock != null) {
        System.setProperty(TrainingTimings.TIME_SOURCE_PROPERTY, clock);
      }
    }
  }

  @Test
  void impossibleSettingsAreRejected() {
    assertThatThrownBy(() -> settings().withBatchSizePerWorker(0)).hasMessageContaining("batch size");
    MultiLayerNetwork net = LocalSpark.network(1);
    JavaRDD<DataSet> train = LocalSpark.rdd(context.get(), LocalSpark.examples(10, 1), 2);
    // Reference axes at m = 1: every batch statistic holds one value, so the trainer refuses before any work.
    assertThatThrownBy(() -> trainer(settings().withBatchSizePerWorker(1)
        .withEstimator(PopulationEstimator.EPOCH_AVERAGE))
        .fit(net, train, Epochs.of(1))).isInstanceOf(BadInputException.class).hasMessageContaining("EPOCH_AVERAGE");
    assertThatThrownBy(() -> trainer(settings()).fit(net, LocalSpark.rdd(context.get(), List.of(), 2), Epochs.of(1)))
        .hasMessageContaining("training data is empty");
    JavaRDD<DataSet> pairs = LocalSpark.rdd(context.get(), List.of(DataSet.merge(LocalSpark.examples(2, 1))), 1);
    assertThatThrownBy(() -> trainer(settings())
        .fit(net, pairs, Epochs.of(1))).hasMessageContaining("one example, got 2");
    assertThatThrownBy(() -> Epochs.range(4, 3)).hasMessageContaining("comes before the first");
  }
}
