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
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.io.Json;
import org.blnspark.spark.BadInputException;

/**
 * Per-epoch checkpoints in one directory of any Hadoop filesystem: {@code epoch-N.zip} holds the
 * model with its updater state, {@code epoch-N.json} the run's seed and the metrics so far. Both
 * are written atomically, the zip first, so a checkpoint counts as complete once its JSON exists.
 */
final class CheckpointStore {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
  private static final Pattern METRICS = Pattern.compile("epoch-(\\d+)\\.json");

  /** A restored checkpoint: the run's seed, the network and the metrics of the epochs it completed. */
  record Checkpoint(int epoch, long seed, MultiLayerNetwork network, List<EpochMetrics> metrics) {}

  /** The JSON half of a checkpoint; its epoch is the number of metrics. */
  private record Progress(long seed, List<EpochMetrics> metrics) {
    Progress {
      if (metrics == null || metrics.isEmpty()) {
        throw new IllegalArgumentException("no epoch metrics");
      }
    }
  }

  private final HadoopFiles files;
  private final String directory;
  private final int keep;

  CheckpointStore(HadoopFiles files, String directory, int keep) {
    this.files = files;
    this.directory = directory;
    this.keep = keep;
  }

  void save(MultiLayerNetwork net, long seed, List<EpochMetrics> metrics) {
    int epoch = metrics.size();
    files.write(directory + "/epoch-" + epoch + ".zip", out -> ModelSerializer.writeModel(net, out, true));
    files.write(directory + "/epoch-" + epoch + ".json",
        out -> Json.MAPPER.writeValue(out, new Progress(seed, metrics)));
    List<Integer> epochs = completeEpochs();
    for (int i = 0; i < epochs.size() - keep; i++) {
      delete(epochs.get(i));
    }
  }

  /** The newest checkpoint that loads; incomplete or corrupt ones are skipped with a warning. */
  Optional<Checkpoint> latest() {
    List<Integer> epochs = completeEpochs();
    for (int i = epochs.size() - 1; i >= 0; i--) {
      int epoch = epochs.get(i);
      try {
        MultiLayerNetwork net = files.read(directory + "/epoch-" + epoch + ".zip",
            in -> ModelSerializer.restoreMultiLayerNetwork(in, true));
        Progress progress = files.read(directory + "/epoch-" + epoch + ".json",
            in -> Json.MAPPER.readValue(in, Progress.class));
        return Optional.of(new Checkpoint(epoch, progress.seed(), net, progress.metrics()));
      } catch (RuntimeException e) {
        LOG.warn("skipping unreadable checkpoint epoch {} in {}: {}", epoch, directory, HadoopFiles.oneLine(e));
      }
    }
    return Optional.empty();
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
        Matcher m = METRICS.matcher(status.getPath().getName());
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
      fs.delete(new Path(dir, "epoch-" + epoch + ".json"), false);
      fs.delete(new Path(dir, "epoch-" + epoch + ".zip"), false);
    } catch (IOException e) {
      LOG.warn("could not prune checkpoint epoch {}: {}", epoch, HadoopFiles.oneLine(e));
    }
  }
}
