package org.blnspark.jobs.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.blnspark.jobs.data.DatasetIdentity;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.io.Json;
import org.blnspark.model.archive.UnsafeModelArchiveException;
import org.blnspark.model.BadInputException;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-epoch checkpoints of one run in one directory of any Hadoop filesystem: {@code epoch-N.zip}
 * holds the model with its updater state, {@code epoch-N.json} the run's identity and seed, the
 * metrics so far and the state of early stopping. Both are written atomically, the zip first, so a checkpoint counts as complete
 * once its JSON exists. Checkpoints of another run are never adopted: resuming refuses them,
 * naming the setting, data or code that differs, and a fresh run refuses a directory that holds any.
 * Pruning keeps the newest {@code keep} epochs up to the one just written, so never that one, and
 * under early stopping the best epoch's too, which a resumed run may have to publish.
 */
final class CheckpointStore {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
  private static final Pattern PROGRESS = Pattern.compile("epoch-(\\d+)\\.json");

  /**
   * A restored checkpoint: the run's seed, the network, the metrics of the epochs it completed and
   * early stopping's state after them.
   */
  record Checkpoint(int epoch, long seed, Model network, List<EpochMetrics> metrics,
                    RunMetrics.EarlyStopping stopping) {}

  /** The JSON half of a checkpoint; its epoch is the number of metrics. */
  private record Progress(RunIdentity run, long seed, List<EpochMetrics> metrics, RunMetrics.EarlyStopping stopping) {
    Progress {
      if (metrics == null || metrics.isEmpty()) {
        throw new IllegalArgumentException("no epoch metrics");
      }
      if (stopping == null) {
        // Written before the state was recorded, by a run without early stopping (the run's
        // identity says so): its best epoch follows from the metrics.
        stopping = RunMetrics.EarlyStopping.start(0);
        for (EpochMetrics epoch : metrics) {
          stopping = stopping.after(epoch.epoch(), epoch.validationLoss());
        }
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

  void save(Model net, long seed, List<EpochMetrics> metrics, RunMetrics.EarlyStopping stopping) {
    int epoch = metrics.size();
    ModelFile.write(files, zip(epoch), ModelFile.Loaded.of(net, dataset, run, metrics.get(epoch - 1).statistics()),
        true);
    files.write(progress(epoch), out -> Json.MAPPER.writeValue(out, new Progress(run, seed, metrics, stopping)));
    // Pruned among the epochs before this one only: a higher-numbered checkpoint is a corrupt one
    // that the resume skipped, and counting it would delete the epoch just written.
    List<Integer> earlier = completeEpochs().stream().filter(e -> e < epoch).toList();
    for (int i = 0; i < earlier.size() - (keep - 1); i++) {
      if (stopping.patience() == 0 || earlier.get(i) != stopping.bestEpoch()) {
        delete(earlier.get(i));
      }
    }
  }

  /**
   * The parameters of the best epoch of {@code checkpoint}'s run, which early stopping publishes
   * unless a later epoch does better. Pruning kept its checkpoint; if that is corrupt, the run
   * cannot end as it would have, and is refused.
   */
  INDArray bestParameters(Checkpoint checkpoint) {
    int best = checkpoint.stopping().bestEpoch();
    if (best == checkpoint.epoch()) {
      return checkpoint.network().params().dup();
    }
    String cannot = "cannot resume: early stopping must publish epoch " + best + ", the best so far, but ";
    String fix = "; start afresh with --overwrite instead of --resume";
    if (!files.exists(zip(best))) {
      throw new BadInputException(cannot + zip(best) + " is gone" + fix);
    }
    HadoopFiles.LocalCopy copy = delivered(() -> files.localCopy(zip(best)));
    try (copy) {
      return ModelFile.parse(zip(best), copy.path(), false).network().params();
    } catch (BadInputException e) {
      throw new BadInputException(cannot + "it does not load (" + HadoopFiles.oneLine(e) + ")" + fix, e);
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
    String whose = readProgress(newest, new ArrayList<>()).flatMap(p -> p.run().mismatch(run))
        .map(problem -> "of another run (" + problem + ")").orElse("of this run; pass --resume to continue it");
    throw new BadInputException(directory + " holds checkpoints up to epoch " + newest + " " + whose
        + ", or --overwrite to delete them and start over");
  }

  /**
   * The newest checkpoint of this run that loads; corrupt ones are skipped with a warning naming
   * them, but if there are checkpoints and none loads, the resume is refused. A checkpoint the
   * filesystem fails to deliver fails the resume too: it may be whole, and skipping it would
   * resume an older epoch or none. One of another run, or one holding an entry that could run
   * code, is refused.
   */
  Optional<Checkpoint> latest() {
    List<Integer> epochs = completeEpochs();
    List<String> corrupt = new ArrayList<>();
    for (int i = epochs.size() - 1; i >= 0; i--) {
      Optional<Checkpoint> checkpoint = load(epochs.get(i), corrupt);
      if (checkpoint.isPresent()) {
        if (!corrupt.isEmpty()) {
          LOG.warn("resuming from epoch {}, past the corrupt checkpoints {}", epochs.get(i), corrupt);
        }
        return checkpoint;
      }
    }
    if (!epochs.isEmpty()) {
      throw new BadInputException("cannot resume: no checkpoint in " + directory + " loads (" + String.join("; ",
          corrupt) + "); delete them, or start afresh with --overwrite instead of --resume");
    }
    return Optional.empty();
  }

  /** The checkpoint of {@code epoch}, or nothing when a file of it is corrupt, which is added to {@code corrupt}. */
  private Optional<Checkpoint> load(int epoch, List<String> corrupt) {
    Optional<Progress> progress = readProgress(epoch, corrupt);
    if (progress.isEmpty()) {
      return Optional.empty();
    }
    progress.get().run().mismatch(run).ifPresent(problem -> {
      throw new BadInputException("cannot resume from " + progress(epoch) + ": it belongs to another run ("
          + problem + "); resume with the settings, data and code that trained it, or train afresh with "
          + "--overwrite or into other --checkpoints");
    });
    HadoopFiles.LocalCopy copy = delivered(() -> files.localCopy(zip(epoch)));
    try (copy) {
      Model net = ModelFile.parse(zip(epoch), copy.path(), true).network();
      return Optional.of(new Checkpoint(epoch, progress.get().seed(), net, progress.get().metrics(),
          progress.get().stopping()));
    } catch (BadInputException e) {
      if (e.getCause() instanceof UnsafeModelArchiveException) {
        throw e;
      }
      // ModelFile's one line starts with the file's path.
      return corrupt(epoch, HadoopFiles.oneLine(e), corrupt);
    }
  }

  private Optional<Progress> readProgress(int epoch, List<String> corrupt) {
    String path = progress(epoch);
    byte[] json = delivered(() -> files.read(path, InputStream::readAllBytes));
    try {
      return Optional.of(Json.MAPPER.readValue(json, Progress.class));
    } catch (IOException | RuntimeException e) {
      return corrupt(epoch, path + ": " + HadoopFiles.oneLine(e), corrupt);
    }
  }

  /** Reports a corrupt file of {@code epoch}'s checkpoint, "PATH: WHY", and skips it. */
  private <T> Optional<T> corrupt(int epoch, String pathAndReason, List<String> corrupt) {
    LOG.warn("skipping unreadable checkpoint epoch {} in {}: {}", epoch, directory, pathAndReason);
    corrupt.add(pathAndReason);
    return Optional.empty();
  }

  /**
   * Reads a checkpoint's file: a filesystem that fails to deliver it fails the run, with the read's
   * one line, which names the file.
   */
  private static <T> T delivered(Supplier<T> read) {
    try {
      return read.get();
    } catch (BadInputException e) {
      throw new BadInputException(HadoopFiles.oneLine(e) + "; nothing was trained or deleted: run again once the "
          + "filesystem serves it", e);
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
