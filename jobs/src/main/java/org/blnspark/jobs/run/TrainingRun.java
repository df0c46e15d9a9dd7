package org.blnspark.jobs.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.data.DatasetIdentity;
import org.blnspark.jobs.data.DatasetMetadata;
import org.blnspark.jobs.data.PreparedDataset;
import org.blnspark.jobs.data.Split;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.io.OutputLock;
import org.blnspark.model.BatchLayerNormalizationLayer;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.statistics.StatisticsPrecision;
import org.blnspark.spark.BlnSparkTrainer;
import org.blnspark.spark.Epochs;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run on a prepared dataset: builds (or resumes) the network, trains it with
 * parameter averaging, validates and checkpoints after every epoch, and writes the model and its
 * metrics. The train, sweep and quickstart commands all run through here.
 */
public final class TrainingRun {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);
  public static final String MODEL_FILE = "model.zip";

  /**
   * Where a run reads and writes. {@code checkpoints} may be null; {@code overwrite} lets a fresh
   * run delete the checkpoints it finds there.
   */
  public record Paths(String data, String output, String checkpoints, boolean resume, boolean overwrite,
                      int keepCheckpoints) {
    /** A run that keeps no checkpoints. */
    public static Paths withoutCheckpoints(String data, String output) {
      return new Paths(data, output, null, false, false, 1);
    }
  }

  /** The trained model and the metrics of all its epochs. */
  public record Outcome(ModelFile.Loaded model, List<EpochMetrics> metrics, String modelPath) {
    public Model network() {
      return model.network();
    }
  }

  private TrainingRun() {}

  /**
   * The identity of a run of {@code settings} on {@code dataset}, what its checkpoints and model
   * record, without building the network: a configuration file is read and fingerprinted.
   */
  public static RunIdentity identity(SparkSession spark, TrainSettings settings, PreparedDataset dataset) {
    return RunIdentity.of(settings, RunNetwork.name(settings.model(), HadoopFiles.of(spark)),
        dataset.metadata().identity(), dataset.metadata().content(),
        settings.trainer().workersFor(spark.sparkContext().defaultParallelism()));
  }

  public static Outcome run(SparkSession spark, TrainSettings settings, Paths paths) {
    HadoopFiles files = HadoopFiles.of(spark);
    PreparedDataset dataset = PreparedDataset.open(spark, paths.data()).withMasks(settings.masks());
    DatasetMetadata metadata = dataset.metadata();
    settings.model().requireReads(metadata);
    files.requireCreatableDirectory(paths.output());
    // Built (and checked against the data) before any checkpoint is read or any training starts.
    RunNetwork fresh = RunNetwork.build(settings, metadata, files);
    RunIdentity identity = identity(spark, settings, dataset);

    if (paths.checkpoints() != null) {
      files.requireCreatableDirectory(paths.checkpoints());
    }
    // One writer per directory: a second run into either is refused while this one holds them.
    try (OutputLock output = OutputLock.acquire(files, paths.output());
         OutputLock checkpointing = paths.checkpoints() == null
             || sameDirectory(files, paths.output(), paths.checkpoints()) ? null
             : OutputLock.acquire(files, paths.checkpoints())) {
      return trainAndPublish(files, settings, paths, dataset, fresh, identity,
          settings.trainer().workersFor(spark.sparkContext().defaultParallelism()));
    }
  }

  private static Outcome trainAndPublish(HadoopFiles files, TrainSettings settings, Paths paths,
                                         PreparedDataset dataset, RunNetwork fresh, RunIdentity identity,
                                         int workers) {
    DatasetIdentity data = dataset.metadata().identity();
    CheckpointStore checkpoints = null;
    CheckpointStore.Checkpoint resumed = null;
    if (paths.checkpoints() != null) {
      checkpoints = new CheckpointStore(files, paths.checkpoints(), paths.keepCheckpoints(), identity, data);
      if (paths.resume()) {
        resumed = checkpoints.latest().orElse(null);
      } else {
        checkpoints.requireFreshStart(paths.overwrite());
      }
    }
    // A resumed run keeps the seed it started with, so that it stays one run.
    long seed = resumed != null ? resumed.seed() : settings.seed();
    if (seed != settings.seed()) {
      LOG.warn("resuming with the checkpoint's seed {}, not --seed {}", seed, settings.seed());
    }
    List<EpochMetrics> metrics = new ArrayList<>();
    Model net = fresh.network();
    if (resumed != null) {
      net = resumed.network();
      metrics.addAll(resumed.metrics());
    }
    int firstEpoch = metrics.size() + 1;
    Epochs planned = settings.budget().epochs(Math.toIntExact(dataset.metadata().count(Split.TRAIN)),
        settings.trainer(), workers);
    RunMetrics.EarlyStopping stopping = new RunMetrics.EarlyStopping(settings.patience(), metrics.size(), false);
    if (firstEpoch <= planned.last()) {
      stopping = train(settings, dataset, net, Epochs.range(firstEpoch, planned.last())
          .endingAfter(planned.lastEpochExamples()), seed, metrics, checkpoints);
    }
    String modelPath = paths.output() + "/" + MODEL_FILE;
    ModelFile.Loaded model = ModelFile.Loaded.of(net, data, identity, publishedStatistics(metrics, stopping));
    ModelFile.write(files, modelPath, model, true);
    MetricsFiles.write(files, paths.output(), new RunMetrics(settings.model() instanceof ModelSource.BuiltIn
        ? settings.builtIn().schedule().describe() : "the configuration file's own", stopping, metrics, identity));
    return new Outcome(model, metrics, modelPath);
  }

  /**
   * The precision of the population statistics the published model holds: those of the best
   * epoch under early stopping, whose parameters (population statistics included) were put back,
   * else of the last.
   */
  private static Map<String, StatisticsPrecision> publishedStatistics(List<EpochMetrics> metrics,
                                                                      RunMetrics.EarlyStopping stopping) {
    int published = stopping.patience() > 0 ? stopping.bestEpoch() : metrics.get(metrics.size() - 1).epoch();
    return metrics.stream().filter(epoch -> epoch.epoch() == published && epoch.statistics() != null)
        .map(EpochMetrics::statistics).findFirst().orElse(Map.of());
  }

  private static boolean sameDirectory(HadoopFiles files, String a, String b) {
    org.apache.hadoop.fs.Path first = new org.apache.hadoop.fs.Path(a);
    org.apache.hadoop.fs.Path second = new org.apache.hadoop.fs.Path(b);
    return files.fileSystem(first).makeQualified(first).equals(files.fileSystem(second).makeQualified(second));
  }

  /** Trains {@code epochs} into {@code metrics}; returns how the run stopped. */
  private static RunMetrics.EarlyStopping train(TrainSettings settings, PreparedDataset dataset, Model net,
                                                Epochs epochs, long seed, List<EpochMetrics> metrics,
                                                CheckpointStore checkpoints) {
    JavaRDD<DataSet> train = dataset.examples(Split.TRAIN);
    try (TrainingProgress progress = new TrainingProgress(epochs)) {
      EpochReview review = new EpochReview(settings, dataset.examples(Split.VALIDATION), currentInference(net),
          metrics, checkpoints, seed, progress);
      new BlnSparkTrainer(settings.validatedTrainer().toBuilder().seed(seed).build()).fit(net, train, epochs, review);
      review.restoreBest(net);
      return review.earlyStopping();
    }
  }

  /** The configuration BLN layers infer with; any one for a network without BLN, where it has no effect. */
  private static StatisticSources currentInference(Model net) {
    List<BatchLayerNormalizationLayer> layers = BlnNetworks.blnLayers(net);
    return layers.isEmpty() ? StatisticSources.REFERENCE_DEFAULT : layers.get(0).inference();
  }
}
