package org.blnspark.jobs.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.blnspark.jobs.data.DatasetIdentity;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.io.Json;
import org.blnspark.model.archive.UnsafeModelArchiveException;
import org.blnspark.spark.BadInputException;
import org.deeplearning4j.nn.api.Model;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-epoch checkpoints of one run in one directory of any Hadoop filesystem: {@code epoch-N.zip}
 * holds the model with its updater state, {@code epoch-N.json} the run's identity and seed and the
 * metrics so far. Both are written atomically, the zip first, so a checkpoint counts as complete
 * once its JSON exists. Checkpoints of another run are never adopted: resuming refuses them,
 * naming the setting, data or code that differs, and a fresh run refuses a directory that holds any.
 */
final class CheckpointStore {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
  private static final Pattern PROGRESS = Pattern.compile("epoch-(\\d+)\\.json");

  /** A restored checkpoint: the run's seed, the network and the metrics of the epochs it completed. */
  record Checkpoint(int epoch, long seed, Model network, List<EpochMetrics> metrics) {}

  /** The JSON half of a checkpoint; its epoch is the number of metrics. */
  private record Progress(RunIdentity run, long seed, List<EpochMetrics> metrics) {
    Progress {
      if (metrics == null || metrics.isEmpty()) {
        throw new IllegalArgumentException("no epoch metrics");
      }
    }
  }

  private final HadoopFiles files;
  private final String directory;
  private final int keep;
  private final RunIdentity run;
  private final DatasetIdentity dataset;

  CheckpointStore(HadoopFiles files, String directory, int keep, RunIdentity run, DatasetIdentity dataset) {
    this.files = files;
    this.directory = directory;
    this.keep = keep;
    this.run = run;
    this.dataset = dataset;
  }

  void save(Model net, long seed, List<EpochMetrics> metrics) {
    int epoch = metrics.size();
    ModelFile.write(files, zip(epoch), ModelFile.Loaded.of(net, dataset, run, metrics.get(epoch - 1).statistics()),
        true);
    files.write(progress(epoch), out -> Json.MAPPER.writeValue(out, new Progress(run, seed, metrics)));
    List<Integer> epochs = completeEpochs();
    for (int i = 0; i < epochs.size() - keep; i++) {
      delete(epochs.get(i));
    }
  }

  /**
   * Before a fresh run: a directory holding checkpoints is refused, since its newer epochs would
   * outlive this run's; with {@code overwrite}, they are deleted instead.
   */
  void requireFreshStart(boolean overwrite) {
    List<Integer> epochs = completeEpochs();
    if (epochs.isEmpty()) {
      return;
    }
    if (overwrite) {
      epochs.forEach(this::delete);
      LOG.warn("deleted the checkpoints of epochs {} in {} (--overwrite)", epochs, directory);
      return;
    }
    int newest = epochs.get(epochs.size() - 1);
    String whose = readProgress(newest).flatMap(p -> p.run().mismatch(run))
        .map(problem -> "of another run (" + problem + ")").orElse("of this run; pass --resume to continue it");
    throw new BadInputException(directory + " holds checkpoints up to epoch " + newest + " " + whose
        + ", or --overwrite to delete them and start over");
  }

  /**
   * The newest checkpoint of this run that loads; incomplete or corrupt ones are skipped with a
   * warning. One of another run, or one holding an entry that could run code, is refused.
   */
  Optional<Checkpoint> latest() {
    List<Integer> epochs = completeEpochs();
    for (int i = epochs.size() - 1; i >= 0; i--) {
      int epoch = epochs.get(i);
      Optional<Progress> progress = readProgress(epoch);
      if (progress.isEmpty()) {
        continue;
      }
      progress.get().run().mismatch(run).ifPresent(problem -> {
        throw new BadInputException("cannot resume from " + progress(epoch) + ": it belongs to another run ("
            + problem + "); resume with the settings, data and code that trained it, or train afresh with "
            + "--overwrite or into other --checkpoints");
      });
      try {
        Model net = ModelFile.read(files, zip(epoch), true).network();
        return Optional.of(new Checkpoint(epoch, progress.get().seed(), net, progress.get().metrics()));
      } catch (BadInputException e) {
        if (e.getCause() instanceof UnsafeModelArchiveException) {
          throw e;
        }
        LOG.warn("skipping unreadable checkpoint epoch {} in {}: {}", epoch, directory, HadoopFiles.oneLine(e));
      }
    }
    return Optional.empty();
  }

  private Optional<Progress> readProgress(int epoch) {
    try {
      return Optional.of(files.read(progress(epoch), in -> Json.MAPPER.readValue(in, Progress.class)));
    } catch (BadInputException e) {
      LOG.warn("skipping unreadable checkpoint epoch {} in {}: {}", epoch, directory, HadoopFiles.oneLine(e));
      return Optional.empty();
    }
  }

  private String zip(int epoch) {
    return directory + "/epoch-" + epoch + ".zip";
  }

  private String progress(int epoch) {
    return directory + "/epoch-" + epoch + ".json";
  }

  private List<Integer> completeEpochs() {
    List<Integer> epochs = new ArrayList<>();
    try {
      Path dir = new Path(directory);
      FileSystem fs = files.fileSystem(dir);
      if (!fs.exists(dir)) {
        return epochs;
      }
      for (FileStatus status : fs.listStatus(dir)) {
        Matcher m = PROGRESS.matcher(status.getPath().getName());
        if (m.matches()) {
          epochs.add(Integer.parseInt(m.group(1)));
        }
      }
    } catch (IOException e) {
      throw new BadInputException("cannot list checkpoints in " + directory + ": " + HadoopFiles.oneLine(e), e);
    }
    epochs.sort(null);
    return epochs;
  }

  private void delete(int epoch) {
    try {
      Path dir = new Path(directory);
      FileSystem fs = files.fileSystem(dir);
      fs.delete(new Path(progress(epoch)), false);
      fs.delete(new Path(zip(epoch)), false);
    } catch (IOException e) {
      LOG.warn("could not delete checkpoint epoch {}: {}", epoch, HadoopFiles.oneLine(e));
    }
  }
}
