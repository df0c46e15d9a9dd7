package org.blnspark.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.blnspark.jobs.data.DatasetMetadata;
import org.blnspark.jobs.data.DatasetReader;
import org.blnspark.model.BatchLayerNormalization;
import org.blnspark.model.ModelSettings;
import org.blnspark.model.Normalization;
import org.blnspark.model.PaperModels;
import org.blnspark.model.StatisticsAxes;
import org.blnspark.spark.BlnSparkTrainer;
import org.blnspark.spark.DataFrameExamples;
import org.blnspark.spark.EpochReport;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Spark overhead: one epoch of LeNet + BLN in this JVM (fit) against Spark parameter averaging at "
        + "several averaging frequencies, with the statistics pass timed against the epoch.")
final class BenchCommand implements Callable<Integer> {
  @Mixin
  SparkOptions spark;

  @Option(names = "--data", required = true, description = "a Fashion-MNIST dataset written by 'bln prepare'")
  String data;

  @Option(names = "--examples", defaultValue = "2000", description = "training examples used (default: ${DEFAULT-VALUE})")
  int examples;

  @Option(names = "--batch-size", defaultValue = "25", description = "(default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--frequencies", split = ",", defaultValue = "1,5,10",
      description = "averaging frequencies (default: ${DEFAULT-VALUE})")
  List<Integer> frequencies;

  @Option(names = "--workers", defaultValue = "2", description = "(default: ${DEFAULT-VALUE})")
  int workers;

  /** One measured configuration. */
  record Row(String setup, double samplesPerSecond, double ratioToSingleJvm, double statisticsToEpoch,
             double megabytesFromWorkersPerRound, OverheadBreakdown breakdown) {}

  @Override
  public Integer call() {
    if (examples < batchSize || batchSize < 1) {
      throw new BadInputException("--examples must be at least --batch-size, and --batch-size at least 1");
    }
    try (SparkSession session = spark.session("bln bench")) {
      DatasetMetadata metadata = DatasetMetadata.read(session, data);
      DataFrameExamples convert = new DataFrameExamples("features", "label", metadata.features(), metadata.classes());
      // limit leaves one partition, and the statistics pass runs a task per partition; a real job
      // reads a prepared dataset's files as several.
      JavaRDD<DataSet> train = convert.toDataSets(DatasetReader.read(session, data, "train").limit(examples)
          .repartition(workers));
      // Cached at the level DL4J would cache it, so that no timed epoch reads the files again.
      train.persist(StorageLevel.MEMORY_ONLY_SER());
      List<DataSet> local = train.collect();

      List<Row> rows = new ArrayList<>();
      MultiLayerNetwork single = network(metadata);
      // Warm-up: the first fit in a JVM pays for JIT and native initialisation.
      single.fit(new ListDataSetIterator<>(local.subList(0, Math.min(local.size(), 10 * batchSize)), batchSize));
      single = network(metadata);
      long start = System.nanoTime();
      single.fit(new ListDataSetIterator<>(local, batchSize));
      double singleRate = local.size() / ((System.nanoTime() - start) / 1e9);
      rows.add(new Row("single JVM fit", singleRate, 1, Double.NaN, 0, null));

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
      for (int frequency : frequencies) {
        MultiLayerNetwork net = network(metadata);
        resultBytes.set(0);
        BlnSparkTrainer trainer = new BlnSparkTrainer().batchSizePerWorker(batchSize).averagingFrequency(frequency)
            .workers(workers).epochs(1).collectTrainingStats(true);
        EpochReport report = trainer.fit(net, train).get(0);
        double rate = local.size() / report.trainSeconds();
        double rounds = Math.ceil(local.size() / (double) (workers * batchSize * frequency));
        rows.add(new Row("Spark, " + workers + " workers, averaging every " + frequency, rate, rate / singleRate,
            report.statisticsSeconds() / report.trainSeconds(), resultBytes.get() / rounds / 1e6,
            OverheadBreakdown.of(trainer.trainingStats(), workers, report.trainSeconds())));
      }
      session.sparkContext().removeSparkListener(meter);
      train.unpersist(false);
      System.out.println(table(rows, local.size()));
    }
    return 0;
  }

  private MultiLayerNetwork network(DatasetMetadata metadata) {
    MultiLayerNetwork net = new MultiLayerNetwork(PaperModels.lenet(new ModelSettings(Normalization.BLN,
        StatisticsAxes.REFERENCE, BatchLayerNormalization.DEFAULT_EPS, metadata.classes(), 42, 0.002),
        metadata.height(), metadata.width(), metadata.channels()));
    net.init();
    return net;
  }

  private String table(List<Row> rows, int n) {
    StringBuilder table = new StringBuilder(String.format("LeNet + BLN, one epoch of %d examples, batch size %d, "
        + "OMP_NUM_THREADS=%s%n%n", n, batchSize, System.getenv().getOrDefault("OMP_NUM_THREADS", "unset")));
    table.append("| setup | samples/s | × single JVM | statistics pass ÷ epoch | MB from workers per round |\n");
    table.append("|---|---|---|---|---|\n");
    for (Row row : rows) {
      table.append(String.format("| %s | %.1f | %.2f | %s | %s |%n", row.setup(), row.samplesPerSecond(),
          row.ratioToSingleJvm(), Double.isNaN(row.statisticsToEpoch()) ? "" : String.format("%.2f",
              row.statisticsToEpoch()), row.megabytesFromWorkersPerRound() == 0 ? "" : String.format("%.2f",
              row.megabytesFromWorkersPerRound())));
    }
    table.append("\nWhere the Spark epochs' training time went (shares of it, from DL4J's training statistics):\n\n");
    table.append("| setup | driver between rounds | workers fitting | workers' setup | scheduling, serialization, "
        + "waiting |\n|---|---|---|---|---|\n");
    for (Row row : rows) {
      if (row.breakdown() != null) {
        OverheadBreakdown b = row.breakdown();
        table.append(String.format("| %s | %.2f | %.2f | %.2f | %.2f |%n", row.setup(), b.driver(), b.workerFit(),
            b.workerSetup(), b.rest()));
      }
    }
    return table.toString();
  }
}
