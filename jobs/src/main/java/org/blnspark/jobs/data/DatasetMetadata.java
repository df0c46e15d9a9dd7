package org.blnspark.jobs.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.BadInputException;

/**
 * What a prepared dataset holds, so that a model can be built to fit it without scanning the data.
 * Stored as {@value #FILE_NAME} inside the Parquet directory, where Spark's readers ignore it (they
 * skip names that start with "_").
 *
 * @param features the width of every features array
 * @param height images: rows per image; 0 for text
 * @param width images: columns per image; 0 for text
 * @param channels images: 1 for grey; 0 for text
 * @param sequenceLength text: token ids per example; 0 for images
 * @param vocabularySize text: the number of distinct ids, padding (0) and out-of-vocabulary (1)
 *     included, so an embedding layer's input size; 0 for images
 * @param counts examples per split, in the order train, validation, test
 * @param seed the seed the splits were drawn with
 */
public record DatasetMetadata(DatasetKind kind, int features, int classes, int height, int width, int channels,
    int sequenceLength, int vocabularySize, Map<String, Long> counts, long seed) {

  public static final String FILE_NAME = "_bln_dataset.json";

  // A newer version may add fields; this one can still read what it knows.
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public DatasetMetadata {
    Objects.requireNonNull(kind, "kind");
    counts = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(counts, "counts")));
  }

  /** The counts map in the usual split order. */
  static Map<String, Long> counts(long train, long validation, long test) {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put(DatasetReader.TRAIN, train);
    counts.put(DatasetReader.VALIDATION, validation);
    counts.put(DatasetReader.TEST, test);
    return counts;
  }

  /** The number of examples in a split: "train", "validation" or "test". */
  public long count(String split) {
    Long count = counts.get(split);
    if (count == null) {
      throw new IllegalArgumentException("no split '" + split + "'; splits: " + counts.keySet());
    }
    return count;
  }

  /**
   * Reads the metadata of a dataset made by {@link DatasetPreparer}. A directory without it, such
   * as a user's own Parquet, is refused: read that with {@link DatasetReader#readUserData}.
   */
  public static DatasetMetadata read(SparkSession spark, String datasetPath) {
    Path dir = new Path(datasetPath);
    Path file = new Path(dir, FILE_NAME);
    FileSystem fs = HadoopPaths.fileSystem(spark, dir);
    try {
      if (!fs.exists(dir)) {
        throw new BadInputException(datasetPath + ": no such dataset");
      }
      if (!fs.exists(file)) {
        throw new BadInputException(datasetPath + " has no " + FILE_NAME + ": it is not a dataset made by the "
            + "prepare command");
      }
      try (InputStream in = fs.open(file)) {
        return JSON.readValue(in, DatasetMetadata.class);
      }
    } catch (JsonProcessingException e) {
      throw new BadInputException(file + ": malformed (" + HadoopPaths.firstLine(e.getOriginalMessage()) + ")", e);
    } catch (IOException e) {
      throw new BadInputException(file + ": cannot be read (" + HadoopPaths.firstLine(e.getMessage()) + ")", e);
    }
  }

  /** Writes {@value #FILE_NAME} into a dataset directory; an existing one is an error. */
  void write(FileSystem fs, Path datasetDir) throws IOException {
    try (OutputStream out = fs.create(new Path(datasetDir, FILE_NAME), false)) {
      JSON.writeValue(out, this);
    }
  }
}
