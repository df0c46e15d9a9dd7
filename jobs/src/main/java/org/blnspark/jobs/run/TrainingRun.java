package org.blnspark.jobs.run;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.data.DatasetIdentity;
import org.blnspark.jobs.data.DatasetReader;
import org.blnspark.jobs.data.DatasetMetadata;
import org.blnspark.jobs.data.PreparedDataset;
import org.blnspark.jobs.data.Split;
import org.blnspark.jobs.data.ValueRange;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.io.OutputLock;
import org.blnspark.model.BatchLayerNormalizationLayer;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.statistics.StatisticsPrecision;
import org.blnspark.model.BadInputException;
import org.blnspark.spark.BlnSparkTrainer;
import org.blnspark.spark.Epochs;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run on a prepared dataset: builds (or resumes) the network, trains it with
 * parameter averaging, validates and checkpoints after every epoch, and publishes the model and
 * its metrics together, under a {@link RunManifest} written last. The train, sweep and quickstart
 * commands all run through here.
 */
public final class TrainingRun {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);
  public static final String MODEL_FILE = "model.zip";
  /** What a run publishes in its output, the manifest last. */
  private static final List<String> PUBLISHED = List.of(MODEL_FILE, MetricsFiles.JSON, MetricsFiles.CSV);

  /**
   * Where a run reads and writes. {@code checkpoints} may be null; {@code overwrite} lets a fresh
   * run replace the model and metrics in its output and delete the checkpoints it finds.
   */
  public record Paths(String data, String output, String checkpoints, boolean resume, boolean overwrite,
                      int keepCheckpoints) {
    /** A run that keeps no checkpoints; {@code overwrite} lets it replace what its output holds. */
    public static Paths withoutCheckpoints(String data, String output, boolean overwrite) {
      return new Paths(data, output, null, false, overwrite, 1);
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
    requireTrainingAndValidationExamples(metadata, paths.data());
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
      requireReplaceable(files, paths, identity);
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
    RunMetrics.EarlyStopping stopping = RunMetrics.EarlyStopping.start(settings.patience());
    INDArray bestParameters = null;
    if (resumed != null) {
      net = resumed.network();
      metrics.addAll(resumed.metrics());
      stopping = resumed.stopping();
      bestParameters = settings.patience() > 0 ? checkpoints.bestParameters(resumed) : null;
    }
    int firstEpoch = metrics.size() + 1;
    Epochs planned = settings.budget().epochs(Math.toIntExact(dataset.metadata().count(Split.TRAIN)),
        settings.trainer(), workers);
    // A stop that happened before the resume ends the run as it ended the uninterrupted one.
    if (firstEpoch <= planned.last() && !stopping.stoppedEarly()) {
      EpochReview review = train(settings, dataset, net, Epochs.range(firstEpoch, planned.last())
          .endingAfter(planned.lastEpochExamples()), seed, metrics, checkpoints, stopping, bestParameters);
      stopping = review.earlyStopping();
      bestParameters = review.bestParameters();
    }
    if (bestParameters != null) {
      // Early stopping publishes the best epoch's parameters, population statistics included.
      net.setParams(bestParameters);
    }
    String modelPath = paths.output() + "/" + MODEL_FILE;
    String publication = UUID.randomUUID().toString();
    ModelFile.Loaded model = ModelFile.Loaded.published(net, data, identity, publishedStatistics(metrics, stopping),
        ValueRange.of(dataset.rows(Split.TRAIN), col(DatasetReader.FEATURES)), publication);
    ModelFile.write(files, modelPath, model, true);
    MetricsFiles.write(files, paths.output(), new RunMetrics(settings.model() instanceof ModelSource.BuiltIn
        ? settings.builtIn().schedule().describe() : "the configuration file's own", stopping, metrics, publication,
        identity));
    // Last: until it is replaced, the old manifest disowns the new files, and readers refuse them.
    new RunManifest(publication, identity, PUBLISHED).write(files, paths.output());
    return new Outcome(model, metrics, modelPath);
  }

  /**
   * Before any work: an output that holds a run's files is replaced only with {@code overwrite},
   * or by a resume of the run that published them.
   */
  private static void requireReplaceable(HadoopFiles files, Paths paths, RunIdentity identity) {
    List<String> existing = Stream.concat(PUBLISHED.stream(), Stream.of(RunManifest.FILE))
        .filter(name -> files.exists(paths.output() + "/" + name)).toList();
    if (existing.isEmpty()) {
      return;
    }
    if (paths.overwrite()) {
      LOG.warn("replacing {} in {} (--overwrite)", existing, paths.output());
      return;
    }
    if (!paths.resume()) {
      throw new BadInputException(paths.output() + " already holds a trained model " + existing + "; pass "
          + "--overwrite to replace it, or choose another --output");
    }
    Optional<RunManifest> manifest = RunManifest.read(files, paths.output());
    String problem = manifest.isEmpty() ? "no " + RunManifest.FILE + " says which run wrote them"
        : manifest.get().run().mismatch(identity).map(difference -> "another run's: " + difference).orElse(null);
    if (problem != null) {
      throw new BadInputException("cannot resume into " + paths.output() + ": it holds " + existing + ", " + problem
          + "; choose another --output, or delete them");
    }
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

  /**
   * Every epoch trains, estimates population statistics (a variance needs two examples) and
   * validates; a small table's random split can leave too few for either.
   */
  private static void requireTrainingAndValidationExamples(DatasetMetadata metadata, String data) {
    long train = metadata.count(Split.TRAIN);
    long validation = metadata.count(Split.VALIDATION);
    if (train < 2 || validation == 0) {
      throw new BadInputException(data + ": training needs at least 2 examples in the train split and 1 in "
          + "validation; the dataset has " + train + " and " + validation + ". Prepare it from more rows, or with "
          + "other --validation-fraction and --test-fraction");
    }
  }

  private static boolean sameDirectory(HadoopFiles files, String a, String b) {
    return files.qualified(a).equals(files.qualified(b));
  }

  /**
   * Trains {@code epochs} into {@code metrics}, going on from early stopping's {@code stopping} and
   * {@code bestParameters}; returns the review, which knows how the run stopped.
   */
  private static EpochReview train(TrainSettings settings, PreparedDataset dataset, Model net, Epochs epochs,
                                   long seed, List<EpochMetrics> metrics, CheckpointStore checkpoints,
                                   RunMetrics.EarlyStopping stopping, INDArray bestParameters) {
    JavaRDD<DataSet> train = DatasetExamples.of(dataset, Split.TRAIN);
    try (TrainingProgress progress = new TrainingProgress(epochs)) {
      EpochReview review = new EpochReview(settings, DatasetExamples.of(dataset, Split.VALIDATION), currentInference(net),
          metrics, checkpoints, seed, progress, stopping, bestParameters);
      new BlnSparkTrainer(settings.validatedTrainer().withSeed(seed)).fit(net, train, epochs, review);
      return review;
    }
  }

  /** The configuration BLN layers infer with; any one for a network without BLN, where it has no effect. */
  private static StatisticSources currentInference(Model net) {
    List<BatchLayerNormalizationLayer> layers = BlnNetworks.blnLayers(net);
    return layers.isEmpty() ? StatisticSources.REFERENCE_DEFAULT : layers.get(0).inference();
  }
}
