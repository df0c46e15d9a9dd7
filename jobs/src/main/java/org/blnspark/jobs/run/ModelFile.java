package org.blnspark.jobs.run;

import java.io.IOException;
import java.util.Map;
import org.blnspark.jobs.data.DatasetIdentity;
import org.blnspark.jobs.data.Split;
import org.blnspark.jobs.data.ValueRange;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.io.Json;
import org.blnspark.model.archive.InvalidModelArchiveException;
import org.blnspark.model.archive.ModelArchive;
import org.blnspark.model.statistics.StatisticsPrecision;
import org.blnspark.model.BadInputException;
import org.deeplearning4j.nn.api.Model;

/**
 * A model as bln writes it: DL4J's model zip, checked before DL4J opens it
 * ({@link ModelArchive}), with the identity of the data it was trained on and of the run that
 * trained it, so that it refuses data it cannot read and checkpoints refuse another run.
 */
public final class ModelFile {
  static final int FORMAT = 1;

  /**
   * What {@code bln-model.json} holds.
   *
   * @param statistics how precise the population statistics in the model are, by BLN layer name;
   *     null in a model written before they were recorded
   * @param range the training split's feature values, which scoring checks its input against; null
   *     in a checkpoint and in a model written before it was recorded
   * @param publication the train output's publication that wrote this model ({@link RunManifest});
   *     null in a checkpoint, a recalibrated model, or a model written before it was recorded
   * @param recalibration the recalibration the population statistics come from; null when they
   *     are the training's
   */
  public record Provenance(int format, DatasetIdentity dataset, RunIdentity run,
                           Map<String, StatisticsPrecision> statistics, ValueRange range, String publication,
                           Recalibration recalibration) {}

  /**
   * Where a model's population statistics were re-estimated: rows of those data no longer score
   * the model as unseen data would.
   *
   * @param data the data's qualified path
   * @param split the split of a prepared dataset; null for all its rows, or for a user's file
   * @param time when, as an ISO-8601 instant
   */
  public record Recalibration(String data, Split split, String time) {
    /** True when {@code split} of the prepared dataset at qualified path {@code dataset} was among the rows. */
    boolean used(String dataset, Split split) {
      return data.equals(dataset) && (this.split == null || this.split == split);
    }
  }

  /** A network of either kind with its provenance, as written or read back. */
  public record Loaded(Model network, Provenance provenance) {
    /** A model of no publication: a checkpoint's. */
    static Loaded of(Model network, DatasetIdentity dataset, RunIdentity run,
                     Map<String, StatisticsPrecision> statistics) {
      // Only the published model records its training data's range, which scoring checks.
      return new Loaded(network, new Provenance(FORMAT, dataset, run, statistics, null, null, null));
    }

    /** The model a train output publishes, with its training data's {@code range}. */
    static Loaded published(Model network, DatasetIdentity dataset, RunIdentity run,
                            Map<String, StatisticsPrecision> statistics, ValueRange range, String publication) {
      return new Loaded(network, new Provenance(FORMAT, dataset, run, statistics, range, publication, null));
    }

    /**
     * The same model, its population statistics re-estimated by {@code recalibration} with
     * {@code statistics}' precision, and no longer the one its publication wrote.
     */
    Loaded recalibrated(Map<String, StatisticsPrecision> statistics, Recalibration recalibration) {
      return new Loaded(network, new Provenance(provenance.format(), provenance.dataset(), provenance.run(),
          statistics, provenance.range(), null, recalibration));
    }
  }

  private ModelFile() {}

  static void write(HadoopFiles files, String path, Loaded model, boolean withUpdater) {
    files.write(path, out -> ModelArchive.write(model.network(), withUpdater,
        Json.MAPPER.writeValueAsString(model.provenance()), out));
  }

  /**
   * Reads a model written by {@link #write}; anything else is refused with a one-line reason, and
   * so is a model that is not the one the run manifest beside it lists.
   */
  public static Loaded read(HadoopFiles files, String path, boolean withUpdater) {
    Loaded model;
    try (HadoopFiles.LocalCopy copy = files.localCopy(path)) {
      model = parse(path, copy.path(), withUpdater);
    }
    RunManifest.requireListed(files, path, model.provenance().publication());
    return model;
  }

  /**
   * The model in {@code local}, a copy of {@code path}. Every refusal here is of the file's
   * content, never of the filesystem that delivered it.
   */
  static Loaded parse(String path, java.nio.file.Path local, boolean withUpdater) {
    try {
      ModelArchive.Contents contents = ModelArchive.read(local, withUpdater);
      if (contents.metadataJson() == null) {
        throw new BadInputException(path + " has no " + ModelArchive.METADATA + ": it was not written by bln train, "
            + "so the data it was trained on is unknown");
      }
      Provenance provenance = Json.MAPPER.readValue(contents.metadataJson(), Provenance.class);
      if (provenance.format() != FORMAT || provenance.dataset() == null || provenance.run() == null) {
        throw new BadInputException(path + ": " + ModelArchive.METADATA + " is of an unknown format "
            + provenance.format());
      }
      return new Loaded(contents.network(), provenance);
    } catch (InvalidModelArchiveException e) {
      throw new BadInputException(path + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      if (e instanceof BadInputException bad) {
        throw bad;
      }
      throw new BadInputException(path + ": not a readable model (" + HadoopFiles.oneLine(e) + ")", e);
    }
  }

  /** Fails with a message naming the difference when the model cannot read data of {@code data}. */
  public static void requireReads(Loaded model, DatasetIdentity data, String dataPath) {
    model.provenance().dataset().mismatch(data).ifPresent(problem -> {
      throw new BadInputException(dataPath + " does not fit the model: " + problem);
    });
  }
}
