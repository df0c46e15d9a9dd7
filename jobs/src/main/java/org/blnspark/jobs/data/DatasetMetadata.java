package org.blnspark.jobs.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.io.Json;
import org.blnspark.model.zoo.InputShape;
import org.blnspark.model.BadInputException;

/**
 * What a prepared dataset holds, so that a model can be built to fit it without scanning the data.
 * Stored as {@value #FILE_NAME} inside the Parquet directory, where Spark's readers ignore it (they
 * skip names that start with "_").
 *
 * @param identity what a model trained on the data depends on; null for a dataset prepared before
 *     datasets had one, which {@link #identity()} refuses
 * @param counts examples per split
 * @param seed the seed the splits were drawn with
 * @param content which rows each split holds; null for a dataset prepared before it was recorded,
 *     which {@link PreparedDataset#open} fingerprints on first use
 */
public record DatasetMetadata(DatasetIdentity identity, Map<Split, Long> counts, long seed, DatasetContent content) {

  public static final String FILE_NAME = "_bln_dataset.json";

  public DatasetMetadata {
    counts = Collections.unmodifiableMap(new EnumMap<>(Objects.requireNonNull(counts, "counts")));
  }

  /** Metadata of rows not fingerprinted yet: {@link DatasetPreparer} adds their content once they are written. */
  DatasetMetadata(DatasetIdentity identity, Map<Split, Long> counts, long seed) {
    this(identity, counts, seed, null);
  }

  /** The same metadata with the content of the rows it describes. */
  DatasetMetadata withContent(DatasetContent content) {
    return new DatasetMetadata(identity, counts, seed, content);
  }

  /** What a model trained on the data depends on. */
  @Override
  public DatasetIdentity identity() {
    if (identity == null) {
      throw new BadInputException("the dataset was prepared by an older bln-spark and has no fingerprint of its "
          + "features, classes and vocabulary; prepare it again");
    }
    return identity;
  }

  public DatasetKind kind() {
    return identity().kind();
  }

  /** What one example is: images, token sequences or plain features. */
  public InputShape input() {
    return identity().input();
  }

  public int classes() {
    return identity().classes();
  }

  /** The counts of the three splits. */
  static Map<Split, Long> counts(long train, long validation, long test) {
    Map<Split, Long> counts = new EnumMap<>(Split.class);
    counts.put(Split.TRAIN, train);
    counts.put(Split.VALIDATION, validation);
    counts.put(Split.TEST, test);
    return counts;
  }

  /** The number of examples in a split. */
  public long count(Split split) {
    Long count = counts.get(split);
    if (count == null) {
      throw new IllegalArgumentException("no split '" + split + "'; splits: " + counts.keySet());
    }
    return count;
  }

  /** The width of every features array. */
  public int features() {
    return input().features();
  }

  /**
   * Reads the metadata of a dataset made by {@link DatasetPreparer}. A directory without it, such
   * as a user's own Parquet, is refused: read that with {@link DatasetReader#readUserData}.
   */
  public static DatasetMetadata read(SparkSession spark, String datasetPath) {
    HadoopFiles files = HadoopFiles.of(spark);
    String file = new Path(datasetPath, FILE_NAME).toString();
    if (!files.exists(datasetPath)) {
      throw new BadInputException(datasetPath + ": no such dataset");
    }
    if (!files.exists(file)) {
      throw new BadInputException(datasetPath + " has no " + FILE_NAME + ": it is not a dataset made by the "
          + "prepare command");
    }
    return files.read(file, in -> parse(in, file));
  }

  private static DatasetMetadata parse(InputStream in, String file) throws IOException {
    try {
      return Json.MAPPER.readValue(in, FileForm.class).toMetadata();
    } catch (JsonProcessingException e) {
      throw new BadInputException(file + ": malformed (" + HadoopFiles.firstLine(e.getOriginalMessage()) + ")", e);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(file + ": malformed (" + e.getMessage() + ")", e);
    }
  }

  /** Writes {@value #FILE_NAME} into a dataset directory. */
  void write(HadoopFiles files, String datasetDir) {
    files.write(new Path(datasetDir, FILE_NAME).toString(), out -> Json.MAPPER.writeValue(out, FileForm.of(this)));
  }

  /**
   * The file's layout. Files of the first version held the identity's fields flat, without a
   * fingerprint: they read with a null identity, which {@link #identity()} refuses.
   */
  private record FileForm(DatasetIdentity identity, Map<String, Long> counts, long seed, DatasetContent content) {
    static FileForm of(DatasetMetadata metadata) {
      Map<String, Long> counts = new LinkedHashMap<>();
      for (Split split : Split.values()) {
        counts.put(split.value(), metadata.count(split));
      }
      return new FileForm(metadata.identity(), counts, metadata.seed(), metadata.content());
    }

    DatasetMetadata toMetadata() {
      Map<Split, Long> splits = new EnumMap<>(Split.class);
      for (Split split : Split.values()) {
        Long count = counts == null ? null : counts.get(split.value());
        if (count == null) {
          throw new IllegalArgumentException("no count for the " + split + " split");
        }
        splits.put(split, count);
      }
      return new DatasetMetadata(identity, splits, seed, content);
    }
  }
}
