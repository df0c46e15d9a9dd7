package org.blnspark.jobs.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.blnspark.jobs.data.DatasetMetadata;
import org.blnspark.jobs.data.PreparedDataset;
import org.blnspark.jobs.data.Split;
import org.blnspark.model.zoo.ModelSettings;
import org.blnspark.model.zoo.Normalization;
import org.blnspark.model.zoo.PaperModel;
import org.blnspark.spark.BlnSparkTrainer;
import org.blnspark.spark.EpochReport;
import org.blnspark.spark.Epochs;
import org.blnspark.spark.OverheadBreakdown;
import org.blnspark.spark.TrainerSettings;
import org.blnspark.spark.TrainingResult;
import org.blnspark.spark.TrainingTimings;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Spark's overhead, measured: one epoch of LeNet + BLN fitted in this JVM, the anchor, against
 * Spark parameter averaging at several averaging frequencies, with the statistics pass timed
 * against the epoch. Each measurement is a fresh network on the same cached examples.
 */
public final class OverheadBenchmark {
  /**
   * One measured setup; the breakdown is null, and the rounds and driver's milliseconds per round
   * 0, for the single JVM.
   */
  public record Row(String setup, double samplesPerSecond, double ratioToSingleJvm, double statisticsToEpoch,
                    double megabytesFromWorkersPerRound, int rounds, double driverMillisPerRound,
                    OverheadBreakdown breakdown) {}

  /**
   * @param examples training examples used, from the dataset's training split
   * @param batchSize the per-worker batch size, and the single JVM's
   */
  public record Settings(int examples, int batchSize, int workers, List<Integer> frequencies) {}

  /** The rows measured, on {@code examples} training examples (fewer than asked for when the split is smaller). */
  public record Result(int examples, List<Row> rows) {}

  private OverheadBenchmark() {}

  public static Result measure(SparkSession session, PreparedDataset dataset, Settings settings) {
    DatasetMetadata metadata = dataset.metadata();
    // limit leaves one partition, and the statistics pass runs a task per partition; a real job
    // reads a prepared dataset's files as several.
    JavaRDD<DataSet> train = DatasetExamples.of(dataset, dataset.rows(Split.TRAIN).limit(settings.examples())
        .repartition(settings.workers()));
    // Cached at the level DL4J would cache it, so that no timed epoch reads the files again.
    train.persist(StorageLevel.MEMORY_ONLY_SER());
    List<DataSet> local = train.collect();
    int batchSize = settings.batchSize();

    List<Row> rows = new ArrayList<>();
    MultiLayerNetwork single = network(metadata);
    // Warm-up: the first fit in a JVM pays for JIT and native initialisation.
    single.fit(new ListDataSetIterator<>(local.subList(0, Math.min(local.size(), 10 * batchSize)), batchSize));
    single = network(metadata);
    long start = System.nanoTime();
    single.fit(new ListDataSetIterator<>(local, batchSize));
    double singleRate = local.size() / ((System.nanoTime() - start) / 1e9);
    rows.add(new Row("single JVM fit", singleRate, 1, Double.NaN, 0, 0, 0, null));

    // Warm-up, as for the single JVM: the first Spark fit in a JVM also pays for JIT and for
    // Spark's own first jobs. A few rounds at the first frequency, on data cached like the rest.
    JavaRDD<DataSet> warmUp = JavaSparkContext.fromSparkContext(session.sparkContext())
        .parallelize(local.subList(0, Math.min(local.size(), 10 * batchSize * settings.workers())), settings.workers());
    new BlnSparkTrainer(trainerSettings(settings, settings.frequencies().get(0))).fit(network(metadata), warmUp,
        Epochs.of(1));

    AtomicLong resultBytes = new AtomicLong();
    SparkListener meter = new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        if (taskEnd.taskMetrics() != null) {
          resultBytes.addAndGet(taskEnd.taskMetrics().resultSize());
        }
      }
    };
    session.sparkContext().addSparkListener(meter);
    try {
      for (int frequency : settings.frequencies()) {
        resultBytes.set(0);
        TrainingResult result = new BlnSparkTrainer(trainerSettings(settings, frequency))
            .fit(network(metadata), train, Epochs.of(1));
        EpochReport report = result.epochs().get(0);
        TrainingTimings timings = result.timings().orElseThrow();
        double rate = local.size() / report.trainSeconds();
        rows.add(new Row("Spark, " + settings.workers() + " workers, averaging every " + frequency, rate,
            rate / singleRate, report.statisticsSeconds() / report.trainSeconds(),
            resultBytes.get() / (double) result.plan().roundsPerEpoch() / 1e6, result.plan().roundsPerEpoch(),
            timings.driverMillisPerRound(), timings.breakdown(settings.workers(), report.trainSeconds())));
      }
    } finally {
      session.sparkContext().removeSparkListener(meter);
      train.unpersist(false);
    }
    return new Result(local.size(), rows);
  }

  private static TrainerSettings trainerSettings(Settings settings, int frequency) {
    return TrainerSettings.defaults().withBatchSizePerWorker(settings.batchSize()).withAveragingFrequency(frequency)
        .withWorkers(settings.workers()).withCollectTimings(true);
  }

  private static MultiLayerNetwork network(DatasetMetadata metadata) {
    return (MultiLayerNetwork) PaperModel.LENET.configuration(ModelSettings.of(Normalization.BLN, metadata.classes(),
        ModelSettings.DEFAULT_SEED, ModelSettings.DEFAULT_LEARNING_RATE), metadata.input()).newNetwork();
  }
}
